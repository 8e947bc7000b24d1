# kanmin のコマンドが表示する文（日本語）。en.ftl と同じ ID・同じ変数を持ちます。

## 表の場所
place-sheet = { $file }: シート「{ $sheet }」
place-row = { $file }: シート「{ $sheet }」 { $row }行
place-cell = { $file }: シート「{ $sheet }」 { $row }行 { $column }列「{ $header }」

## セルの値
value-cell-error = セルがエラー値（{ $value }）です。値を入れてください
value-not-a-date = { $value } は日付ではありません（2026-04-01、2026/4/1、令和8年4月1日 のように年月日を書くか、日付のセルにしてください）
value-not-yes-no = 「{ $value }」は「はい」「いいえ」のどちらでもありません
value-not-yen = 「{ $value }」は金額（0以上の整数の円）ではありません
value-not-an-integer = 「{ $value }」は整数ではありません
value-not-in-vocabulary = 「{ $value }」は選択肢にありません。次のどれかにしてください：{ $allowed }
value-not-an-id = 「{ $value }」はIDにできません（半角の英小文字・数字・ハイフンで、英小文字か数字で始めます）
value-not-a-goal = 「{ $value }」はSDGsのゴールの番号（1〜17）ではありません

## kanmin import
import-unknown-format = { $file }: 読み込めない形式です（xlsx、xls、ods、csv を使ってください）
import-unreadable = { $file } を読み込めません: { $reason }
import-csv-encoding = { $file }: 文字コードが UTF-8 でも Shift_JIS でもありません。UTF-8 の CSV で保存してください
import-no-record-sheet = 記録のシート「{ $sheet }」が見つかりません
import-unknown-sheet = このシートは取り込めません。シート名は次のどれかにしてください：{ $expected }
import-no-id-column = 見出し「ID」の列がありません（最初の10行に見出しの行が必要です）
import-column-without-header = 見出しのない列に値があります
import-header-repeated = 同じ見出しが { $first }列にもあります
import-missing-column = 必須の列「{ $header }」がありません
import-unknown-header-did-you-mean = 知らない見出しです。「{ $header }」のことですか？（シート「{ $sheet }」の見出しは「項目の説明」シートのとおりです）
import-unknown-header = 知らない見出しです（シート「{ $sheet }」の見出しは「項目の説明」シートのとおりです）
import-merged-cells = セルが結合されています（{ $area }）。結合を解除して、各行に値を入れてください
import-formula = 数式（{ $formula }）は取り込めません。値として貼り付けてください
import-required-empty = 必須の項目が空です
import-id-repeated = ID「{ $id }」は { $first } にもあります
import-child-without-record = ID「{ $id }」の記録がシート「{ $sheet }」にありません
import-needs-child-rows = ID「{ $id }」の行がシート「{ $sheet }」に1行以上必要です
import-exists = { $file } は既にあります。書き換えるには --update を付けてください
import-field-message = 項目 `{ $field }`: { $message }
import-write-failed = { $file } に書き込めません: { $reason }
import-done = 取り込みました：新規 { $created } 件、更新 { $updated } 件、変更なし { $unchanged } 件（{ $folder }）
import-failed = 問題が { $count } 件あります。何も書き込んでいません
import-schemas-written = エディタ用のスキーマを { $dir } に書き込みました（{ $count } ファイル）

## kanmin new / template / schema
new-exists = { $file } は既にあります
new-written = { $file } を作りました。「（…）」を書き換えてください
template-written = { $file } を作りました（{ $kind }の入力用。シート「項目の説明」に各列の書き方があります）
schema-written = { $dir } にスキーマを書き込みました（{ $count } ファイル）
unknown-kind = 「{ $kind }」は記録の種類ではありません。次のどれかにしてください：{ $kinds }
