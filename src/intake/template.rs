//! `kanmin template KIND FILE.xlsx`: the workbook a ward fills in, one row per record. Every
//! column is headed as the import reads it, coded columns offer their Japanese labels as a
//! drop-down list, date columns take dates, and a sheet explains every column — all from the
//! same form as the import, so what the template offers the import accepts.

use rust_xlsxwriter::{
    Color, DataValidation, DataValidationErrorStyle, DataValidationRule, ExcelDateTime, Format,
    FormatBorder, Formula, Note, Workbook, Worksheet, XlsxError,
};

use super::fields::{Column, FieldType, Form, Sheet};
use super::import::{CHOICES_SHEET, EXPLANATION_SHEET};
use super::sheet::column_letter;
use kanmin_render::opendata::schema;

/// Rows of each sheet that carry the drop-down lists and date rules.
pub const ROWS: u32 = 2000;

/// How a cell of `ty` is to be filled in, for the explanation sheet.
fn how_to_fill(ty: FieldType) -> String {
    match ty {
        FieldType::Text => "文字列".into(),
        FieldType::Markdown => "文章（Markdown可。セル内で改行できます）".into(),
        FieldType::Url => "URL（https://…）".into(),
        FieldType::Date => "日付（例：2026-04-01、令和8年4月1日）".into(),
        FieldType::Bool => "「はい」または「いいえ」".into(),
        FieldType::Integer => "整数".into(),
        FieldType::Yen => "金額（円。整数）".into(),
        FieldType::Measure => "数値、または文章".into(),
        FieldType::Code(_) => "選択肢から1つ".into(),
        FieldType::Codes(_) => "選択肢から1つ以上（1行に1つ、または「、」区切り）".into(),
        FieldType::Texts => "1つ以上（1行に1つ、または「、」区切り）".into(),
        FieldType::Lines => "1行に1文".into(),
        FieldType::Goals => "1〜17の番号（1行に1つ、または「、」区切り）".into(),
        FieldType::Link(kind) => format!("{}のID", schema::dataset_title(kind)),
        FieldType::Links(kind) => format!("{}のID（1行に1つ）", schema::dataset_title(kind)),
        FieldType::ProtectedPaths => "項目の名前（例：idea、proposer.name。1行に1つ）".into(),
    }
}

fn choices(ty: FieldType) -> Option<&'static kanmin_public::vocab::Vocabulary> {
    match ty {
        FieldType::Code(v) | FieldType::Codes(v) => Some(v),
        _ => None,
    }
}

/// The workbook's bytes.
pub fn workbook(form: &Form) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let header = Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xDDEBF7))
        .set_border(FormatBorder::Thin)
        .set_text_wrap();
    let required_header = header.clone().set_background_color(Color::RGB(0xFCE4D6));
    let wrap = Format::new().set_text_wrap();
    let date = Format::new().set_num_format("yyyy-mm-dd");

    // The vocabularies, one column each, for the drop-down lists.
    let vocabularies = vocabularies(form);
    for sheet in &form.sheets {
        let worksheet = workbook.add_worksheet();
        worksheet.set_name(&sheet.name)?;
        fill_sheet(
            worksheet,
            form,
            sheet,
            &vocabularies,
            [&header, &required_header, &wrap, &date],
        )?;
    }
    let explanation = workbook.add_worksheet();
    explanation.set_name(EXPLANATION_SHEET)?;
    explain(explanation, form, &header, &wrap)?;
    let lists = workbook.add_worksheet();
    lists.set_name(CHOICES_SHEET)?;
    for (c, vocabulary) in vocabularies.iter().enumerate() {
        let c = c as u16;
        lists.write_string_with_format(0, c, vocabulary_header(form, vocabulary), &header)?;
        for (r, (_, label)) in vocabulary.terms.iter().enumerate() {
            lists.write_string(r as u32 + 1, c, *label)?;
        }
        lists.set_column_width(c, 24)?;
    }
    lists.set_hidden(true);
    workbook.save_to_buffer()
}

/// The header of the first column offering `vocabulary`: what a person knows the list by.
fn vocabulary_header(form: &Form, vocabulary: &kanmin_public::vocab::Vocabulary) -> String {
    form.sheets
        .iter()
        .flat_map(|s| &s.columns)
        .find(|c| choices(c.ty).is_some_and(|v| v.name == vocabulary.name))
        .map_or_else(|| vocabulary.name.to_string(), |c| c.header.clone())
}

fn vocabularies(form: &Form) -> Vec<&'static kanmin_public::vocab::Vocabulary> {
    let mut found: Vec<&'static kanmin_public::vocab::Vocabulary> = Vec::new();
    for sheet in &form.sheets {
        for column in &sheet.columns {
            if let Some(v) = choices(column.ty) {
                if !found.iter().any(|f| f.name == v.name) {
                    found.push(v);
                }
            }
        }
    }
    found
}

fn quoted_sheet(name: &str) -> String {
    format!("'{}'", name.replace('\'', "''"))
}

fn fill_sheet(
    worksheet: &mut Worksheet,
    form: &Form,
    sheet: &Sheet,
    vocabularies: &[&'static kanmin_public::vocab::Vocabulary],
    [header, required_header, wrap, date]: [&Format; 4],
) -> Result<(), XlsxError> {
    for (c, column) in sheet.columns.iter().enumerate() {
        let c = c as u16;
        let format = if column.required {
            required_header
        } else {
            header
        };
        worksheet.write_string_with_format(0, c, &column.header, format)?;
        let mut note = format!("{}\n（{}）", column.description, how_to_fill(column.ty));
        if column.required {
            note.push_str("\n必須");
        }
        worksheet.insert_note(
            0,
            c,
            &Note::new(note)
                .set_author("kanmin")
                .set_width(320)
                .set_height(140),
        )?;
        let width = match column.ty {
            FieldType::Markdown => 48.0,
            FieldType::Date | FieldType::Bool | FieldType::Integer | FieldType::Yen => 14.0,
            _ => 22.0,
        };
        worksheet.set_column_width(c, width)?;
        match column.ty {
            FieldType::Date => {
                worksheet.set_column_format(c, date)?;
            }
            FieldType::Markdown | FieldType::Texts | FieldType::Lines => {
                worksheet.set_column_format(c, wrap)?;
            }
            _ => {}
        }
        if let Some(validation) = validation(form, sheet, column, vocabularies)? {
            worksheet.add_data_validation(1, c, ROWS, c, &validation)?;
        }
    }
    worksheet.set_freeze_panes(1, 1)?;
    Ok(())
}

fn validation(
    form: &Form,
    sheet: &Sheet,
    column: &Column,
    vocabularies: &[&'static kanmin_public::vocab::Vocabulary],
) -> Result<Option<DataValidation>, XlsxError> {
    let title = column.header.chars().take(32).collect::<String>();
    let validation = match column.ty {
        FieldType::Code(vocabulary) => {
            let c = vocabularies
                .iter()
                .position(|v| v.name == vocabulary.name)
                .expect("listed above");
            let letter = column_letter(c);
            let range = format!(
                "={}!${letter}$2:${letter}${}",
                quoted_sheet(CHOICES_SHEET),
                vocabulary.terms.len() + 1
            );
            DataValidation::new()
                .allow_list_formula(Formula::new(range))
                .set_error_title(title)?
                .set_error_message("一覧から選んでください。")?
        }
        FieldType::Bool => DataValidation::new()
            .allow_list_strings(&["はい", "いいえ"])?
            .set_error_title(title)?
            .set_error_message("「はい」か「いいえ」を選んでください。")?,
        FieldType::Date => DataValidation::new()
            .allow_date(DataValidationRule::Between(
                ExcelDateTime::from_ymd(1989, 1, 8)?,
                ExcelDateTime::from_ymd(2100, 12, 31)?,
            ))
            // A date typed as text (令和8年4月1日) is read too; warn, do not refuse.
            .set_error_style(DataValidationErrorStyle::Warning)
            .set_error_title(title)?
            .set_error_message("日付（例：2026-04-01）を入れてください。")?,
        FieldType::Yen | FieldType::Integer if column.path != "order" => DataValidation::new()
            .allow_whole_number(DataValidationRule::GreaterThanOrEqualTo(0))
            .set_error_title(title)?
            .set_error_message("0以上の整数を入れてください。")?,
        FieldType::Text if column.path == "id" && sheet.list.is_some() => {
            // A child row names its record: offer the IDs of the record sheet.
            let range = format!(
                "={}!$A$2:$A${}",
                quoted_sheet(&form.sheets[0].name),
                ROWS + 1
            );
            DataValidation::new()
                .allow_list_formula(Formula::new(range))
                .set_error_style(DataValidationErrorStyle::Warning)
                .set_error_title(title)?
                .set_error_message(format!(
                    "シート「{}」のIDを入れてください。",
                    form.sheets[0].name
                ))?
        }
        _ => return Ok(None),
    };
    Ok(Some(validation))
}

fn explain(
    worksheet: &mut Worksheet,
    form: &Form,
    header: &Format,
    wrap: &Format,
) -> Result<(), XlsxError> {
    let titles = [
        "シート",
        "見出し",
        "必須",
        "書き方",
        "説明",
        "選択肢",
        "YAMLの項目",
    ];
    for (c, title) in titles.iter().enumerate() {
        worksheet.write_string_with_format(0, c as u16, *title, header)?;
    }
    let mut r = 1;
    for sheet in &form.sheets {
        for column in &sheet.columns {
            let choices = choices(column.ty)
                .map(|v| {
                    v.terms
                        .iter()
                        .map(|(_, label)| *label)
                        .collect::<Vec<_>>()
                        .join("\n")
                })
                .unwrap_or_default();
            let path = match sheet.list {
                Some(list) if column.path != "id" && column.path != "order" => {
                    format!("{list}[].{}", column.path)
                }
                _ => column.path.clone(),
            };
            let cells = [
                sheet.name.clone(),
                column.header.clone(),
                if column.required {
                    "必須".into()
                } else {
                    String::new()
                },
                how_to_fill(column.ty),
                column.description.clone(),
                choices,
                path,
            ];
            for (c, text) in cells.iter().enumerate() {
                worksheet.write_string_with_format(r, c as u16, text, wrap)?;
            }
            r += 1;
        }
        if sheet.required && sheet.list.is_some() {
            worksheet.write_string_with_format(r, 0, &sheet.name, wrap)?;
            worksheet.write_string_with_format(r, 4, &sheet.description, wrap)?;
            r += 1;
        }
    }
    for (c, width) in [16.0, 22.0, 6.0, 28.0, 60.0, 24.0, 24.0]
        .into_iter()
        .enumerate()
    {
        worksheet.set_column_width(c as u16, width)?;
    }
    worksheet.set_freeze_panes(1, 0)?;
    Ok(())
}
