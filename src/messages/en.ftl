# What kanmin's commands print, in English. Same ids and variables as ja.ftl.

## Places in a spreadsheet
place-sheet = { $file }: sheet 「{ $sheet }」
place-row = { $file }: sheet 「{ $sheet }」 row { $row }
place-cell = { $file }: sheet 「{ $sheet }」 row { $row } column { $column } 「{ $header }」

## Cell values
value-cell-error = the cell holds an error value ({ $value }); enter a value
value-not-a-date = { $value } is not a date (write year, month and day as in 2026-04-01, 2026/4/1 or 令和8年4月1日, or make it a date cell)
value-not-yes-no = 「{ $value }」 is neither はい (yes) nor いいえ (no)
value-not-yen = 「{ $value }」 is not an amount in yen (a whole number, 0 or more)
value-not-an-integer = 「{ $value }」 is not a whole number
value-not-in-vocabulary = 「{ $value }」 is not one of the choices; use one of: { $allowed }
value-not-an-id = 「{ $value }」 cannot be an id (lower-case ASCII letters, digits and hyphens, starting with a letter or digit)
value-not-a-goal = 「{ $value }」 is not an SDG number (1 to 17)

## kanmin import
import-unknown-format = { $file }: not a format kanmin reads (use xlsx, xls, ods or csv)
import-unreadable = cannot read { $file }: { $reason }
import-csv-encoding = { $file }: the text is neither UTF-8 nor Shift_JIS; save the CSV as UTF-8
import-no-record-sheet = the record sheet 「{ $sheet }」 is missing
import-unknown-sheet = this sheet cannot be imported; name it one of: { $expected }
import-no-id-column = no column headed 「ID」 (a header row is needed within the first 10 rows)
import-column-without-header = a column without a header holds values
import-header-repeated = the same header is also in column { $first }
import-missing-column = the required column 「{ $header }」 is missing
import-unknown-header-did-you-mean = unknown header; did you mean 「{ $header }」? (the headers of sheet 「{ $sheet }」 are listed on the 「項目の説明」 sheet)
import-unknown-header = unknown header (the headers of sheet 「{ $sheet }」 are listed on the 「項目の説明」 sheet)
import-merged-cells = merged cells ({ $area }); unmerge them and put a value in each row
import-formula = a formula ({ $formula }) cannot be imported; paste it as a value
import-required-empty = a required value is empty
import-id-repeated = the id 「{ $id }」 is also at { $first }
import-child-without-record = no record with the id 「{ $id }」 on sheet 「{ $sheet }」
import-needs-child-rows = the id 「{ $id }」 needs at least one row on sheet 「{ $sheet }」
import-exists = { $file } already exists; add --update to rewrite it
import-field-message = field `{ $field }`: { $message }
import-write-failed = cannot write { $file }: { $reason }
import-done = imported: { $created } new, { $updated } updated, { $unchanged } unchanged ({ $folder })
import-failed = { $count } problems found; nothing was written
import-schemas-written = wrote the editor schemas into { $dir } ({ $count } files)

## kanmin new / template / schema
new-exists = { $file } already exists
new-written = created { $file }; replace the 「（…）」 placeholders
template-written = created { $file } (for { $kind }; the 「項目の説明」 sheet explains every column)
schema-written = wrote the schemas into { $dir } ({ $count } files)
unknown-kind = 「{ $kind }」 is not a kind of record; use one of: { $kinds }
