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

## 記録の読み込み
load-no-content-folder = content フォルダがありません（site.yaml と記録のフォルダがここに必要です）
load-cannot-open = 開けません: { $reason }
load-cannot-list = フォルダの中を読めません: { $reason }
load-not-a-record-file = 記録のファイルではありません（名前は .{ $extension } で終わります）
load-not-a-regular-file = 通常のファイルではありません
load-duplicate-id = ID `{ $id }` が重複しています。このフォルダに .{ $extension } の前が同じ名前のファイルがもう1つあります
load-bad-id = ID `{ $id }` には半角の英小文字（a-z）・数字（0-9）・ハイフン（-）だけを使い、英小文字か数字で始めてください
load-outside-content = { $path } は content フォルダの外にあるため読みません（シンボリックリンク？）
history-cannot-read = git の履歴を読めません: { $reason }。履歴なしで公開するには、content フォルダを git の外に置いてください
history-shallow = このリポジトリは浅いクローン（shallow clone）です。更新履歴は最も古いコミットから後だけを示します。CI では全履歴を取得してください（例: actions/checkout の fetch-depth: 0）
load-cannot-read = 読めません: { $reason }
load-too-large = ファイルが { $size } バイトあります。記録のファイルは { $limit } バイトまでです
load-not-utf8 = UTF-8 ではありません（{ $offset } バイト目）。UTF-8 で保存してください
load-not-a-content-folder = `{ $folder }` は content のフォルダではありません
load-nesting-too-deep = `[` と `{"{"}` が { $limit } 段より深く入れ子になっています。記録はそこまで深くなりません
load-page-front-matter = ページは前付けで始めます：`---` の行、title を含む YAML、もう一度 `---` の行
load-aliases-too-large = 別名（`*name`）を展開すると、この記録は { $limit } バイトを超えます（{ $size } バイトの { $times } 倍、または { $floor }）。繰り返す文はそのまま書いてください
load-unknown-field = 知らない項目 `{ $field }` です（書ける項目：{ $expected }）
load-missing-field = 必須の項目 `{ $field }` がありません
load-unknown-code = `{ $value }` は選べる値にありません（{ $expected }）
load-wrong-type = 値の種類が違います：{ $found } ではなく { $expected } を書いてください
date-not-iso = `{ $value }` は YYYY-MM-DD の形の日付ではありません
date-not-in-calendar = `{ $value }` は暦にない日付です

## 記録の検査
check-empty = 空にできません
check-needs-entry = 1つ以上必要です
check-sdg-range = SDGs のゴール { $goal } はありません（1〜17）
check-date-order = { $later } は { $earlier } より前です：{ $rule }
order-protection = 保護は協議した日（reviewed_on）より前には終わりません
order-period = 実施期間は開始日以降に終わります
order-deadline = 締切日は募集開始日（open_from）より前にできません
order-entry-deadline = 参加申込の締切は公表の後です
order-dialogue = 対話は始まった日以降に終わります
order-results = 結果の公表は対話の後です
check-no-such-record = ID `{ $id }` の{ $kind ->
    [partnership] 連携事例
    [theme] 募集テーマ
    [proposal] 提案
    *[sounding] サウンディング
  }がありません（content/{ $folder }/{ $id }.yaml があるはずです）
check-also-public-empty = 空の項目は何も確認しません。消してください
check-url-scheme = `{ $url }` は http:// か https:// で始まるアドレスではありません
check-url-invalid = `{ $url }` は正しいウェブアドレスではありません
check-corporate-digits = `{ $number }` は法人番号ではありません（半角数字13桁）
check-corporate-check-digit = `{ $number }` はチェックデジットが違います（先頭は { $expected } のはず）。打ち間違いでは？
check-municipality-digits = `{ $code }` は全国地方公共団体コードではありません（6桁の数字を引用符で囲んだ文字列）
check-municipality-check-digit = `{ $code }` はチェックデジットが違います（末尾は { $expected } のはず）
check-needs-partner = 連携先が1つ以上必要です
check-yen-too-large = { $cost } 円は { $max } 円より大きい額です。桁を確かめてください
check-demonstration-cap = { $cost } 円は、{ $from }年度から適用される実証実験提案制度の上限 { $cap } 円を超えています（この連携は{ $year }年度の締結）
check-not-a-usable-number = `{ $value }` は読む人が使える数ではありません
check-theme-route-needs-theme = route: theme の提案は募集テーマ（theme）を書きます
check-theme-only-for-theme-route = 募集テーマ（theme）を書けるのは route: theme の提案だけです
check-participants-count = { $count } は参加事業者の一覧（{ $listed } 者）より少ない数です
check-reserved-page = `{ $id }` はサイト自身が使う名前です。ページのファイル名を変えてください
check-email = `{ $email }` はメールアドレスではありません
check-theme-folder = `{ $theme }` はテーマのフォルダ名にできません（a-z、0-9、-）

## 診断の表示
origin-template = { $theme }: テンプレート `{ $template }`
origin-environment = 環境変数 { $variable }
origin-output = 出力ファイル `{ $path }`
diagnostic-field = 項目 `{ $field }`
diagnostic-error = エラー: { $diagnostic }
diagnostic-count = エラー { $count } 件
diagnostic-more = ……ほか { $count } 件（`kanmin check` ですべて表示します）
digest-heading = 公開の項目のエラーは、次の { $count } 件の非公開の文から来ています：
digest-text = { $errors } 件「{ $text }」（{ $records } 件の記録が非公開）
digest-more = ……ほか { $count } 件の文

## 公開の範囲
leak-found = { $linked ->
    [yes] 非公開の文を名称か公開の連携先に含む記録へリンクしています
   *[no] 非公開の文が含まれています
  }（{ $file } の `{ $field }`、{ $why ->
    [scoped] この記録では保護、ほかでは公開
    [internal] 職員メモ、公開しない
    [unpublished] まだ公開しない記録
   *[protected] 保護
  }）{ $also }：「{ $text }」
leak-also-withheld-by = 。ほかに { $count } 件の記録も非公開にしています（{ $named }{ $more ->
    [0] {""}
   *[other] ほか { $more } 件
  }）
leak-acknowledge-hint = {"  "}偶然の一致でノウハウでないなら、{ $file } の `disclosure: also_public:` の下に{ $others ->
    [yes] （ほかの記録にもそれぞれ）
   *[no] {""}
  }次の行を加えてください：
  {"    "}- { $line }
also-public-nothing-withheld = この記録にはもう非公開のものがありません。この行は消せます
also-public-unknown = 「{ $text }」はこの記録の非公開の文ではありません。保護した項目（未公開の記録ならその記録）の文か値のうち、公開の文にも現れるものをそのまま書きます
also-public-unused = 「{ $text }」を含む公開の文はもうありません。この行は消せます
withheld-no-disclosure = disclosure の欄がありません：提案者との公開範囲の協議がまだです
withheld-not-reviewed = disclosure.reviewed が true ではありません：提案者との公開範囲の協議がまだです
protect-index-out-of-range = `{ $path }` に当たる項目がありません（`{ $list }` は { $count } 件です）
protect-not-a-list = `{ $path }` に当たる項目がありません（`{ $list }` は組織の一覧ではありません）
protect-theme = 募集テーマは書いたとおりに公開され、項目を保護できません
protect-unknown-field = `{ $path }` はこの記録の保護できる項目ではありません。次のどれかにしてください：{ $allowed }
diagnostic-level = エラー

## kanmin build / check / serve
warning = 警告: { $warning }
build-done = { $pages } ページ（{ $files } ファイル、{ $megabytes } MB）を { $output } に作りました（{ $seconds } 秒、作成日 { $date }、非公開 { $records } 件の記録と { $fields } 項目）
build-not-removed = 注意: { $folder } を消せませんでした（{ $reason }）。次のビルドでもう一度消します
build-failed-unchanged = ビルドできませんでした。{ $output } は元のままです
build-nothing-written = 何も書き込んでいません
build-failed = ビルドできませんでした
check-valid = 記録に誤りはありません（作成日 { $date }）
check-withheld-records = 公開しない記録（{ $count } 件）:
check-protected-fields = 保護している項目（{ $count } 件）:
check-internal-notes = 職員メモのある記録（公開しません。{ $count } 件）:
check-also-public = 公開文として確認した文（`disclosure.also_public`、{ $count } 件）:
check-ending-soon = 30日以内に保護が終わるもの（{ $count } 件）:
check-ending = { $date } から保護した項目を公開します（あと { $days } 日）
serve-serving = プレビュー: { $url }
serve-watching = { $content } と { $themes } を見ています。終えるには Ctrl-C
serve-built = { $files } ファイルを作りました（{ $ms } ミリ秒）
serve-published = { $what ->
    [edited] 編集したページを表示しました
    [indexes] オープンデータと検索索引を作り直しました
    [failed] 作り直せませんでした
   *[rebuilt] 作り直しました
  }（{ $ms } ミリ秒: { $stages }）
serve-rebuild-failed = 作り直せませんでした。直前の正しいサイトを表示し続け、どのページにもこのエラーを表示します
serve-cannot-listen = 127.0.0.1:{ $port } で待ち受けられません: { $reason }
serve-cannot-watch = { $path } を見張れません: { $reason }
env-not-a-timestamp = `{ $value }` は秒単位の Unix 時刻ではありません
env-timestamp-out-of-range = 時刻が範囲外です
verify-broken-link = リンク `{ $link }` の行き先 `{ $target }` がサイトにありません{ $others ->
    [0] {""}
   *[other] （ほか { $others } ページも同じ）
  }（記録の Markdown のリンクか、テンプレート・テーマの誤り）
verify-leak = 非公開の文が { $count } 個の出力ファイルに入りました（{ $shown }{ $more ->
    [0] {""}
   *[other] ほか { $more } 個
  }）：「{ $text }」。どの公開の項目にもないため、テンプレート、テーマのファイル、または作られた文が入れたものです。そこを直すか、disclosure を変えて意図して公開してください。
write-duplicate-path = 2つの出力が同じパス `{ $path }` を使っています
write-unsafe-path = 出力のパス `{ $path }` は単純な相対パスではありません
write-refused = サイトを { $path } に書き込みません: { $reason }
write-failed = サイトを書き込めませんでした（{ $action ->
    [creating] 作成
    [reading] 読み取り
    [resolving] パスの解決
    [writing] 書き込み
    [moving-in] 新しいサイトの移動
    [moving-aside] 前のサイトの退避
   *[swapping] 新しいサイトとの入れ替え
  }: { $path }）: { $reason }
write-stranded = 前のサイトを退避した後、新しいサイトを { $output } に移せず（{ $reason }）、元に戻すこともできませんでした。前のサイトは { $previous }、新しいサイトは { $staging } にあります
refuse-is-folder = そこは { $what } フォルダです（{ $path }）
refuse-contains-folder = そこには { $what } フォルダが入っています（{ $path }）
refuse-inside-folder = そこは { $what } フォルダの中です（{ $path }）
refuse-project-folder = そこはプロジェクトのフォルダか、それを含むフォルダです（{ $path }）
refuse-root = そこはファイルシステムのルートです
refuse-symlink = そこはシンボリックリンクです。指している先のフォルダを指定してください
refuse-file = そこはフォルダではなくファイルです
refuse-not-kanmin-output = ファイルがあるのに { $marker } がないので、kanmin が書いたフォルダではありません。中身をすべてサイトで置き換えるなら --force を付けてください
stage-load = 読み込み
stage-validate = 検査
stage-disclose = 公開範囲の適用
stage-scan-content = 記録の非公開文の検査
stage-scanner = 非公開文の索引
stage-templates = テンプレート
stage-statistics = 統計・構造化データ
stage-indexes = オープンデータ・検索索引
stage-html = HTML の作成
stage-feeds = フィード・カレンダー・サイトマップ
stage-verify = 非公開文とリンクの検査
stage-history = 更新履歴（git）
stage-write = 書き込み

## テーマとテンプレート
theme-not-found = テーマ `{ $name }` がありません（フォルダ { $folder } があるはずです）
theme-outside = themes/ の外にあるテーマのファイルは読みません（シンボリックリンク？）
theme-not-utf8 = テンプレートが UTF-8 ではありません
theme-cannot-list = テーマの中を読めません: { $reason }
theme-folder = { $folder }（テーマ `{ $name }`）
theme-built-in = 組み込みのテーマ `{ $name }`
template-error = テンプレートの誤り: { $reason }
template-error-minified = テンプレートを縮めた後の誤り（kanmin の不具合です）: { $reason }
template-rendering = { $file } の作成中: { $reason }
search-page-layout = 検索ページが、作った索引の形を検索スクリプトに渡していません。フォームには既定のテーマの search.html と同じデータ属性（data-version、data-gram、data-gram-shards、data-own-files、data-docs-per-shard）を search_index から入れてください
budget-page-bytes = ページが { $megabytes } MB を超えました
budget-page-time = ページの作成に { $seconds } 秒以上かかりました
budget-held-memory = { $megabytes } MB を超えるメモリを使いました
budget-took = { $seconds } 秒以上かかりました
budget-gave-up = エラー: { $page } の作成で{ $what }。テンプレートが繰り返し続けるか、値を際限なく大きくしています
opendata-control-character = 制御文字 U+{ $code } を含んでいて { $file } に書けません。文から取り除いてください
check-ocid-prefix = OCID の接頭辞「{ $prefix }」は ocds- と英小文字・数字6文字（例: ocds-a1b2c3）で書いてください
check-editor-backend-name = CMS のバックエンドには name が必要です（例：name: github）
stage-languages = 言語ごとのサイト
