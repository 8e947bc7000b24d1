//! Every controlled vocabulary of the records: each term's code (what YAML and open data
//! carry), its Japanese label (what pages and CSV headers show), its English label (the
//! English pages, and the English titles of the open data's allowed values) and the order people read
//! them in, defined once. The content loader parses the codes, pages show the labels, open
//! data publishes both as its allowed values, and search facets sort by the order.

use serde::{Deserialize, Serialize};

/// A term of a vocabulary.
pub trait Term: Copy + 'static {
    /// The code records and open data carry (`co-create`).
    fn code(self) -> &'static str;
    /// What a Japanese reader sees (`パターン3 共に創る`).
    fn label(self) -> &'static str;
    /// What an English reader sees (`Pattern 3: Co-create`).
    fn label_en(self) -> &'static str;

    fn label_in(self, lang: crate::Lang) -> &'static str {
        match lang {
            crate::Lang::Ja => self.label(),
            crate::Lang::En => self.label_en(),
        }
    }
}

/// One vocabulary: its name (as templates and schemas call it) and its (code, label) pairs in
/// reading order.
#[derive(Debug)]
pub struct Vocabulary {
    pub name: &'static str,
    pub terms: &'static [(&'static str, &'static str)],
    /// The English label of each term, in the order of `terms`.
    pub english: &'static [&'static str],
}

impl Vocabulary {
    pub fn label(&self, code: &str) -> Option<&'static str> {
        self.terms
            .iter()
            .find(|(c, _)| *c == code)
            .map(|(_, label)| *label)
    }

    /// The label of `code` in `lang`.
    pub fn label_in(&self, code: &str, lang: crate::Lang) -> Option<&'static str> {
        let index = self.terms.iter().position(|(c, _)| *c == code)?;
        Some(match lang {
            crate::Lang::Ja => self.terms[index].1,
            crate::Lang::En => self.english[index],
        })
    }

    /// Where `code` comes in reading order; unknown codes last.
    pub fn rank(&self, code: &str) -> usize {
        self.terms
            .iter()
            .position(|(c, _)| *c == code)
            .unwrap_or(self.terms.len())
    }
}

macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident = $vocabulary:literal { $($variant:ident = $code:literal $label:literal $label_en:literal,)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, Serialize)]
        pub enum $name {
            $(#[serde(rename = $code)] $variant,)+
        }

        impl $name {
            pub const VOCABULARY: Vocabulary = Vocabulary {
                name: $vocabulary,
                terms: &[$(($code, $label)),+],
                english: &[$($label_en),+],
            };
        }

        impl Term for $name {
            fn code(self) -> &'static str {
                match self { $($name::$variant => $code,)+ }
            }

            fn label(self) -> &'static str {
                match self { $($name::$variant => $label,)+ }
            }

            fn label_en(self) -> &'static str {
                match self { $($name::$variant => $label_en,)+ }
            }
        }
    };
}

vocabulary! {
    OrganisationKind = "organisation_kind" {
        Company = "company" "企業" "Company",
        Npo = "npo" "NPO法人" "Non-profit (NPO)",
        University = "university" "大学等" "University or college",
        Association = "association" "団体" "Association",
        Financial = "financial" "金融機関" "Financial institution",
        Public = "public" "公的機関" "Public body",
        Other = "other" "その他" "Other",
    }
}

vocabulary! {
    PartnershipStatus = "partnership_status" {
        Preparing = "preparing" "準備中" "In preparation",
        Active = "active" "実施中" "Running",
        Completed = "completed" "終了" "Completed",
    }
}

vocabulary! {
    /// The guideline's three patterns of partnership.
    Pattern = "pattern" {
        Introduce = "introduce" "パターン1 導入する" "Pattern 1: Introduce",
        Spread = "spread" "パターン2 広める" "Pattern 2: Spread",
        CoCreate = "co-create" "パターン3 共に創る" "Pattern 3: Co-create",
    }
}

vocabulary! {
    /// How a partnership began.
    Route = "route" {
        PrivateProposal = "private-proposal" "民間提案型" "Private-sector proposal",
        Theme = "theme" "テーマ設定型" "Theme-based call",
        Direct = "direct" "所管課への直接提案" "Direct proposal to a department",
        Sounding = "sounding" "サウンディングを経た事業" "Following a market sounding",
        Other = "other" "その他" "Other",
    }
}

vocabulary! {
    ProposalRoute = "proposal_route" {
        PrivateProposal = "private-proposal" "民間提案型" "Private-sector proposal",
        Theme = "theme" "テーマ設定型" "Theme-based call",
    }
}

vocabulary! {
    AgreementKind = "agreement" {
        Agreement = "agreement" "協定" "Agreement",
        Memorandum = "memorandum" "覚書" "Memorandum",
        Contract = "contract" "契約" "Contract",
        None = "none" "協定・覚書なし" "No agreement or memorandum",
    }
}

vocabulary! {
    /// The ward's part in an event or project.
    Involvement = "involvement" {
        Host = "host" "主催" "Host",
        CoHost = "co-host" "共催" "Co-host",
        Cooperation = "cooperation" "協力" "Cooperation",
        Sponsorship = "sponsorship" "協賛" "Sponsorship",
        Patronage = "patronage" "後援" "Patronage",
    }
}

vocabulary! {
    ProposalStatus = "proposal_status" {
        Received = "received" "受付" "Received",
        Reviewing = "reviewing" "検討中" "Under review",
        Adopted = "adopted" "採用" "Adopted",
        NotAdopted = "not-adopted" "不採用" "Not adopted",
        Withdrawn = "withdrawn" "取下げ" "Withdrawn",
    }
}

vocabulary! {
    DocumentKind = "document_kind" {
        Agreement = "agreement" "協定書等" "Agreement",
        Report = "report" "報告書" "Report",
        Press = "press" "報道発表" "Press release",
        Other = "other" "資料" "Document",
    }
}

vocabulary! {
    /// Whether a theme takes proposals on the build date, in the order a theme goes through.
    ThemeStatus = "theme_status" {
        Upcoming = "upcoming" "募集前" "Not yet open",
        Open = "open" "募集中" "Open",
        Closed = "closed" "募集終了" "Closed",
    }
}

vocabulary! {
    RecordKind = "record_kind" {
        Partnership = "partnership" "連携事例" "Partnership",
        Theme = "theme" "募集テーマ" "Call for proposals",
        Proposal = "proposal" "提案" "Proposal",
        Sounding = "sounding" "サウンディング" "Market sounding",
    }
}

/// Every vocabulary, for lookups by name from templates and schemas.
pub const VOCABULARIES: [&Vocabulary; 11] = [
    &PartnershipStatus::VOCABULARY,
    &Pattern::VOCABULARY,
    &Route::VOCABULARY,
    &ProposalRoute::VOCABULARY,
    &AgreementKind::VOCABULARY,
    &Involvement::VOCABULARY,
    &ProposalStatus::VOCABULARY,
    &DocumentKind::VOCABULARY,
    &OrganisationKind::VOCABULARY,
    &ThemeStatus::VOCABULARY,
    &RecordKind::VOCABULARY,
];

pub fn vocabulary(name: &str) -> Option<&'static Vocabulary> {
    VOCABULARIES.iter().copied().find(|v| v.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_what_serde_writes_and_reads() {
        fn check<
            T: Term + Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
        >(
            all: &[T],
        ) {
            for &term in all {
                let code = serde_json::to_value(term).unwrap();
                assert_eq!(code, serde_json::Value::String(term.code().to_string()));
                assert_eq!(serde_json::from_value::<T>(code).unwrap(), term);
            }
        }
        check(&[Pattern::Introduce, Pattern::Spread, Pattern::CoCreate]);
        check(&[ProposalStatus::NotAdopted, ProposalStatus::Withdrawn]);
        check(&[Involvement::CoHost, Involvement::Patronage]);
        check(&[AgreementKind::None, AgreementKind::Memorandum]);
    }
}
