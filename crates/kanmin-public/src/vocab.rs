//! Every controlled vocabulary of the records: each term's code (what YAML and open data
//! carry), its Japanese label (what pages and CSV headers show) and the order people read
//! them in, defined once. The content loader parses the codes, pages show the labels, open
//! data publishes both as its allowed values, and search facets sort by the order.

use serde::{Deserialize, Serialize};

/// A term of a vocabulary.
pub trait Term: Copy + 'static {
    /// The code records and open data carry (`co-create`).
    fn code(self) -> &'static str;
    /// What a Japanese reader sees (`パターン3 共に創る`).
    fn label(self) -> &'static str;
}

/// One vocabulary: its name (as templates and schemas call it) and its (code, label) pairs in
/// reading order.
#[derive(Debug)]
pub struct Vocabulary {
    pub name: &'static str,
    pub terms: &'static [(&'static str, &'static str)],
}

impl Vocabulary {
    pub fn label(&self, code: &str) -> Option<&'static str> {
        self.terms
            .iter()
            .find(|(c, _)| *c == code)
            .map(|(_, label)| *label)
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
    ($(#[$meta:meta])* $name:ident = $vocabulary:literal { $($variant:ident = $code:literal $label:literal,)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, Serialize)]
        pub enum $name {
            $(#[serde(rename = $code)] $variant,)+
        }

        impl $name {
            pub const VOCABULARY: Vocabulary = Vocabulary { name: $vocabulary, terms: &[$(($code, $label)),+] };
        }

        impl Term for $name {
            fn code(self) -> &'static str {
                match self { $($name::$variant => $code,)+ }
            }

            fn label(self) -> &'static str {
                match self { $($name::$variant => $label,)+ }
            }
        }
    };
}

vocabulary! {
    OrganisationKind = "organisation_kind" {
        Company = "company" "企業",
        Npo = "npo" "NPO法人",
        University = "university" "大学等",
        Association = "association" "団体",
        Financial = "financial" "金融機関",
        Public = "public" "公的機関",
        Other = "other" "その他",
    }
}

vocabulary! {
    PartnershipStatus = "partnership_status" {
        Preparing = "preparing" "準備中",
        Active = "active" "実施中",
        Completed = "completed" "終了",
    }
}

vocabulary! {
    /// The guideline's three patterns of partnership.
    Pattern = "pattern" {
        Introduce = "introduce" "パターン1 導入する",
        Spread = "spread" "パターン2 広める",
        CoCreate = "co-create" "パターン3 共に創る",
    }
}

vocabulary! {
    /// How a partnership began.
    Route = "route" {
        PrivateProposal = "private-proposal" "民間提案型",
        Theme = "theme" "テーマ設定型",
        Direct = "direct" "所管課への直接提案",
        Sounding = "sounding" "サウンディングを経た事業",
        Other = "other" "その他",
    }
}

vocabulary! {
    ProposalRoute = "proposal_route" {
        PrivateProposal = "private-proposal" "民間提案型",
        Theme = "theme" "テーマ設定型",
    }
}

vocabulary! {
    AgreementKind = "agreement" {
        Agreement = "agreement" "協定",
        Memorandum = "memorandum" "覚書",
        Contract = "contract" "契約",
        None = "none" "協定・覚書なし",
    }
}

vocabulary! {
    /// The ward's part in an event or project.
    Involvement = "involvement" {
        Host = "host" "主催",
        CoHost = "co-host" "共催",
        Cooperation = "cooperation" "協力",
        Sponsorship = "sponsorship" "協賛",
        Patronage = "patronage" "後援",
    }
}

vocabulary! {
    ProposalStatus = "proposal_status" {
        Received = "received" "受付",
        Reviewing = "reviewing" "検討中",
        Adopted = "adopted" "採用",
        NotAdopted = "not-adopted" "不採用",
        Withdrawn = "withdrawn" "取下げ",
    }
}

vocabulary! {
    DocumentKind = "document_kind" {
        Agreement = "agreement" "協定書等",
        Report = "report" "報告書",
        Press = "press" "報道発表",
        Other = "other" "資料",
    }
}

vocabulary! {
    /// Whether a theme takes proposals on the build date, in the order a theme goes through.
    ThemeStatus = "theme_status" {
        Upcoming = "upcoming" "募集前",
        Open = "open" "募集中",
        Closed = "closed" "募集終了",
    }
}

vocabulary! {
    RecordKind = "record_kind" {
        Partnership = "partnership" "連携事例",
        Theme = "theme" "募集テーマ",
        Proposal = "proposal" "提案",
        Sounding = "sounding" "サウンディング",
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
