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

## Loading records
load-no-content-folder = content folder not found (expected site.yaml and record folders here)
load-cannot-open = cannot open: { $reason }
load-cannot-list = cannot list folder: { $reason }
load-not-a-record-file = not a record file: expected a name ending in .{ $extension }
load-not-a-regular-file = not a regular file
load-duplicate-id = duplicate id `{ $id }`: another file in this folder has the same name before .{ $extension }
load-bad-id = id `{ $id }` must use only a-z, 0-9 and '-', starting with a letter or digit
load-outside-content = refusing to read { $path }: it lies outside the content folder (symlink?)
history-cannot-read = cannot read the git history: { $reason }; move the content folder out of the repository to publish without history
history-shallow = the repository is a shallow clone: the change history starts at its oldest commit. Fetch the whole history in CI (for instance fetch-depth: 0 with actions/checkout)
load-cannot-read = cannot read: { $reason }
load-too-large = file is { $size } bytes; records are limited to { $limit } bytes
load-not-utf8 = not valid UTF-8 (byte { $offset }); save the file as UTF-8
load-not-a-content-folder = `{ $folder }` is not a content folder
load-nesting-too-deep = `[` and `{"{"}` nest more than { $limit } levels deep here; a record nests far less
load-page-front-matter = a page starts with front matter: a line `---`, YAML with `title`, and another `---`
load-aliases-too-large = with its aliases (`*name`) expanded, this record would exceed { $limit } bytes ({ $times } times its { $size } bytes, or { $floor }); write repeated text out instead
load-unknown-field = unknown field `{ $field }`, expected one of { $expected }
load-missing-field = missing field `{ $field }`
load-unknown-code = unknown variant `{ $value }`, expected one of { $expected }
load-wrong-type = invalid type: { $found }, expected { $expected }
date-not-iso = `{ $value }` is not a date in the form YYYY-MM-DD
date-not-in-calendar = `{ $value }` is not a real calendar date

## Checking records
check-empty = must not be empty
check-needs-entry = needs at least one entry
check-sdg-range = SDG { $goal } does not exist: goals are numbered 1 to 17
check-date-order = { $later } is before { $earlier }: { $rule }
order-protection = protection cannot end before it was agreed (`reviewed_on`)
order-period = a period ends on or after its start
order-deadline = the deadline must not precede open_from
order-entry-deadline = entries close after the announcement
order-dialogue = dialogue ends on or after it starts
order-results = results follow the dialogue
check-no-such-record = no { $kind } with id `{ $id }` (expected content/{ $folder }/{ $id }.yaml)
check-also-public-empty = an empty entry acknowledges nothing; remove it
check-url-scheme = `{ $url }` is not an http:// or https:// address
check-url-invalid = `{ $url }` is not a valid web address
check-corporate-digits = `{ $number }` is not a 法人番号: it must be 13 half-width digits
check-corporate-check-digit = `{ $number }` has a wrong check digit (expected { $expected } as its first digit): a typo?
check-municipality-digits = `{ $code }` is not a 全国地方公共団体コード: it must be 6 digits, as a quoted string
check-municipality-check-digit = `{ $code }` has a wrong check digit (expected { $expected } last)
check-needs-partner = needs at least one partner organisation
check-yen-too-large = { $cost } yen is more than { $max } yen; check the digits
check-demonstration-cap = { $cost } yen exceeds the 実証実験提案制度 cap of { $cap } yen that applies from FY{ $from } (this partnership was concluded in FY{ $year })
check-not-a-usable-number = `{ $value }` is not a number a reader can use
check-theme-route-needs-theme = a proposal with `route: theme` must name its theme
check-theme-only-for-theme-route = only proposals with `route: theme` name a theme
check-participants-count = { $count } is fewer than the { $listed } participants listed
check-reserved-page = `{ $id }` is used by the site itself; rename the page file
check-email = `{ $email }` is not an e-mail address
check-theme-folder = `{ $theme }` is not a theme folder name (a-z, 0-9, '-')

## Showing diagnostics
origin-template = { $theme }: template `{ $template }`
origin-environment = environment variable { $variable }
origin-output = output file `{ $path }`
diagnostic-field = field `{ $field }`
diagnostic-error = error: { $diagnostic }
diagnostic-count = { $count ->
    [one] 1 error
   *[other] { $count } errors
  }
diagnostic-more = … and { $count } more; `kanmin check` lists them all
digest-heading = the errors in public fields come from { $count ->
    [one] 1 withheld text
   *[other] { $count } withheld texts
  }:
digest-text = { $errors ->
    [one] 1 error
   *[other] { $errors } errors
  } 「{ $text }」 withheld by { $records ->
    [one] 1 record
   *[other] { $records } records
  }
digest-more = … and { $count } more texts

## Disclosure
leak-found = { $linked ->
    [yes] links to a record whose title or public partner contains
   *[no] contains
  } text withheld from { $file } (`{ $field }`, { $why ->
    [scoped] protected for this record, though public elsewhere
    [internal] staff notes, never published
    [unpublished] the record is not yet published
   *[protected] protected
  }){ $also }: 「{ $text }」
leak-also-withheld-by = , and by { $count ->
    [one] 1 other record
   *[other] { $count } other records
  } ({ $named }{ $more ->
    [0] {""}
   *[other] , and { $more } more
  })
leak-acknowledge-hint = {"  "}if this is a coincidence and not know-how, add this line under `disclosure: also_public:` in { $file }{ $others ->
    [yes] {" "}and in each of the others
   *[no] {""}
  }:
  {"    "}- { $line }
also-public-nothing-withheld = nothing of this record is withheld any more; this entry can go
also-public-unknown = 「{ $text }」 is no withheld text of this record: an entry must repeat exactly a sentence or value of a protected field (or of this record, while it is unpublished) that a public text also contains
also-public-unused = no public text contains 「{ $text }」 any more; this entry can go
withheld-no-disclosure = no `disclosure` block: protection not yet agreed with the proposer
withheld-not-reviewed = `disclosure.reviewed` is not true: protection not yet agreed with the proposer
protect-index-out-of-range = `{ $path }` names no field: `{ $list }` has { $count } entries
protect-not-a-list = `{ $path }` names no field: `{ $list }` is not a list of organisations
protect-theme = themes are published as written and cannot protect fields
protect-unknown-field = `{ $path }` names no protectable field of this record; use one of: { $allowed }
diagnostic-level = error

## kanmin build / check / serve
warning = warning: { $warning }
build-done = built { $pages } pages ({ $files } files, { $megabytes } MB) into { $output } in { $seconds } s; build date { $date }; withheld { $records } records and { $fields } fields
build-not-removed = note: could not remove { $folder } ({ $reason }); the next build tries again
build-failed-unchanged = build failed; { $output } was left unchanged
build-nothing-written = nothing was written
build-failed = build failed
check-valid = content is valid (build date { $date })
check-withheld-records = withheld records ({ $count }):
check-protected-fields = protected fields ({ $count }):
check-internal-notes = records with internal notes, never published ({ $count }):
check-also-public = texts acknowledged as public (`disclosure.also_public`, { $count }):
check-ending-soon = protections ending within 30 days ({ $count }):
check-ending = protected fields are published from { $date } ({ $days } days)
serve-serving = serving { $url }
serve-watching = watching { $content } and { $themes }; press Ctrl-C to stop
serve-built = built { $files } files in { $ms } ms
serve-published = { $what ->
    [edited] edited pages shown
    [indexes] rebuilt open data and search index
    [failed] rebuild failed
   *[rebuilt] rebuilt
  } in { $ms } ms ({ $stages })
serve-rebuild-failed = rebuild failed; still serving the last good site, with these errors on every page
serve-cannot-listen = cannot listen on 127.0.0.1:{ $port }: { $reason }
serve-cannot-watch = cannot watch { $path }: { $reason }
env-not-a-timestamp = `{ $value }` is not a Unix timestamp in seconds
env-timestamp-out-of-range = timestamp out of range
verify-broken-link = broken link `{ $link }`{ $others ->
    [0] {""}
    [one] {" "}and 1 other page
   *[other] {" "}and { $others } other pages
  }: the output has no `{ $target }` (a link in the content's Markdown, or a template or theme error)
verify-leak = withheld text reached { $count ->
    [one] 1 output file
   *[other] { $count } output files
  } ({ $shown }{ $more ->
    [0] {""}
   *[other] {" "}and { $more } more
  }): "{ $text }". No public field of the content holds it, so a template, a theme file or a derived text put it there; fix that, or publish the text deliberately by changing `disclosure`.
write-duplicate-path = two outputs claim the same path `{ $path }`
write-unsafe-path = output path `{ $path }` is not a plain relative path
write-refused = refusing to write the site to { $path }: { $reason }
write-failed = writing the site failed: { $action ->
    [creating] creating
    [reading] reading
    [resolving] resolving
    [writing] writing
    [moving-in] moving the new site into
    [moving-aside] moving the previous site aside from
   *[swapping] swapping the new site into
  } { $path }: { $reason }
write-stranded = moving the new site into { $output } failed ({ $reason }) after the previous site was moved aside, and moving it back failed too: the previous site is in { $previous }, the new one in { $staging }
refuse-is-folder = it is the { $what } folder ({ $path })
refuse-contains-folder = it contains the { $what } folder ({ $path })
refuse-inside-folder = it lies inside the { $what } folder ({ $path })
refuse-project-folder = it is or contains the project folder ({ $path })
refuse-root = it is the root of the file system
refuse-symlink = it is a symbolic link; name the folder it points to instead
refuse-file = it is a file, not a folder
refuse-not-kanmin-output = it holds files but no { $marker }, so kanmin did not write it; pass --force to replace everything in it with the site
stage-load = load
stage-validate = validate
stage-disclose = disclose
stage-scan-content = leak scan of the content
stage-scanner = leak scanner
stage-templates = templates
stage-statistics = statistics, structured data
stage-indexes = open data, search index
stage-html = render html
stage-feeds = feeds, calendar, sitemap
stage-verify = leak scan, link check
stage-history = history (git)
stage-write = write

## Themes and templates
theme-not-found = theme `{ $name }` not found: expected a folder { $folder }
theme-outside = refusing to read a theme file outside themes/ (symlink?)
theme-not-utf8 = template is not valid UTF-8
theme-cannot-list = cannot list theme: { $reason }
theme-folder = { $folder } (theme `{ $name }`)
theme-built-in = built-in theme `{ $name }`
template-error = template error: { $reason }
template-error-minified = template error after minifying the templates (a kanmin bug): { $reason }
template-rendering = rendering { $file }: { $reason }
search-page-layout = the search page does not give the search script the index layout it was built with: its form needs every data attribute of the default theme's search.html (data-version, data-gram, data-gram-shards, data-own-files, data-docs-per-shard), filled from `search_index`
budget-page-bytes = the page grew beyond { $megabytes } MB
budget-page-time = the page took more than { $seconds } s to render
budget-held-memory = held more than { $megabytes } MB of memory
budget-took = took more than { $seconds } s
budget-gave-up = error: rendering { $page } { $what }; the template loops or grows a value without bound
opendata-control-character = contains the control character U+{ $code }, which cannot be written to { $file }; remove it from the text
check-ocid-prefix = the ocid prefix `{ $prefix }` must be ocds- and six lowercase letters or digits (e.g. ocds-a1b2c3)
check-editor-backend-name = the CMS backend needs a name (for example name: github)
stage-languages = languages
