//! Which fields a record's `disclosure.protected` list may name: the one list both the
//! validation of records and the disclosure rule read.

use crate::RecordKind;
use kanmin_messages::t;

/// Field paths a `disclosure.protected` list may name, per record kind. Fields needed to
/// publish a record at all (ids, status, dates, departments) cannot be protected; a record
/// that must hide those stays unreviewed and is withheld whole.
pub fn protectable_paths(kind: RecordKind) -> &'static [&'static str] {
    match kind {
        RecordKind::Partnership => &[
            "summary",
            "body",
            "outcomes",
            "kpis",
            "documents",
            "ward_cost_yen",
            "partners.name",
            "partners.corporate_number",
            "partners.url",
        ],
        RecordKind::Proposal => &[
            "title",
            "summary",
            "idea",
            "proposer",
            "proposer.name",
            "proposer.corporate_number",
            "proposer.url",
        ],
        RecordKind::Sounding => &[
            "summary",
            "purpose",
            "results",
            "participants",
            "participants.name",
            "participants.corporate_number",
            "participants.url",
            "participants_count",
            "documents",
        ],
        RecordKind::Theme => &[],
    }
}

/// Checks one `protected` entry. Organisation lists also take an index (`partners[1].name`)
/// to protect one organisation among several.
pub fn check_protected_path(
    kind: RecordKind,
    path: &str,
    list_lengths: &[(&str, usize)],
) -> Result<(), String> {
    let allowed = protectable_paths(kind);
    let (generic, index) = strip_index(path);
    if let Some((list, index)) = index {
        let length = list_lengths
            .iter()
            .find(|(name, _)| *name == list)
            .map(|(_, n)| *n);
        match length {
            Some(n) if index < n => {}
            Some(n) => {
                return Err(t!(
                    "protect-index-out-of-range",
                    path = path,
                    list = list,
                    count = n
                ))
            }
            None => return Err(t!("protect-not-a-list", path = path, list = list)),
        }
    }
    if allowed.contains(&generic.as_str()) {
        Ok(())
    } else if kind == RecordKind::Theme {
        Err(t!("protect-theme"))
    } else {
        Err(t!(
            "protect-unknown-field",
            path = path,
            allowed = allowed.join(", ")
        ))
    }
}

/// `partners[2].name` → (`partners.name`, Some((`partners`, 2))).
fn strip_index(path: &str) -> (String, Option<(&str, usize)>) {
    if let Some(open) = path.find('[') {
        if let Some(close) = path[open..].find(']').map(|c| open + c) {
            if let Ok(index) = path[open + 1..close].parse::<usize>() {
                let list = &path[..open];
                return (format!("{list}{}", &path[close + 1..]), Some((list, index)));
            }
        }
    }
    (path.to_string(), None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn protected_paths_must_name_protectable_fields() {
        let lists = [("partners", 2)];
        assert!(check_protected_path(RecordKind::Partnership, "outcomes", &lists).is_ok());
        assert!(check_protected_path(RecordKind::Partnership, "partners[1].name", &lists).is_ok());
        assert!(check_protected_path(RecordKind::Partnership, "partners[2].name", &lists).is_err());
        assert!(check_protected_path(RecordKind::Partnership, "status", &lists).is_err());
        assert!(check_protected_path(RecordKind::Proposal, "idae", &[]).is_err());
        assert!(check_protected_path(RecordKind::Proposal, "proposer.name", &[]).is_ok());
    }
}
