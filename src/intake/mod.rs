//! The ways into `content/` for people who do not write YAML by hand: a workbook to fill in
//! (`kanmin template`), its import (`kanmin import`), a commented skeleton per record
//! (`kanmin new`) and JSON Schemas for editors (`kanmin schema`). All of them read one form
//! per record kind (`fields`), itself named from the open data's field definitions.

pub mod cms;
pub mod fields;
pub mod import;
pub mod schema;
pub mod sheet;
pub mod skeleton;
pub mod template;
pub mod values;
pub mod yaml;

use std::path::{Path, PathBuf};

use kanmin_public::date::Date;
use kanmin_public::RecordKind;

/// The path a record file's `$schema` line names, relative to the record file.
pub fn schema_reference(kind: RecordKind) -> String {
    format!("../../{}", schema::schema_path(kind))
}

/// Writes the schemas into `root/docs/schemas/` when they are missing or out of date, so
/// the `$schema` line of the files `new` and `import` write finds them. Returns how many
/// files it wrote.
pub fn ensure_schemas(root: &Path) -> std::io::Result<usize> {
    schema::write_into(&root.join(schema::SCHEMA_DIR))
}

/// `kanmin new`: writes the skeleton of a record of `kind` named `id`; refuses an id that is
/// not one, and an existing file.
pub fn new_record(root: &Path, kind: RecordKind, id: &str, today: Date) -> Result<PathBuf, String> {
    kanmin_content::check_id(id)
        .map_err(|_| crate::t!("value-not-an-id", value = id.to_string()))?;
    let folder = root.join("content").join(kind.folder());
    let path = folder.join(format!("{id}.yaml"));
    let text = skeleton::skeleton(&fields::form(kind), today, &schema_reference(kind));
    let failed = |err: std::io::Error| {
        crate::t!(
            "import-write-failed",
            file = path.display().to_string(),
            reason = err.to_string()
        )
    };
    std::fs::create_dir_all(&folder).map_err(failed)?;
    // `create_new` refuses to replace a record someone already wrote.
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|err| match err.kind() {
            std::io::ErrorKind::AlreadyExists => {
                crate::t!("new-exists", file = path.display().to_string())
            }
            _ => failed(err),
        })?;
    std::io::Write::write_all(&mut file, text.as_bytes()).map_err(failed)?;
    Ok(path)
}
