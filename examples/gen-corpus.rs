//! Writes a synthetic but valid content folder for performance and search measurements:
//! `cargo run --release --example gen-corpus -- N DIR [SEED] [--formulaic[=acknowledged]]` writes `DIR/content` with
//! site.yaml, N partnerships, N/20 themes, N/5 proposals (reviewed, reviewed with protected
//! fields, and unreviewed) and N/50 soundings. Texts are composed from phrase banks, so they
//! read like the sample content and vary from record to record; the same N and SEED always
//! give the same files. All names are fictional.
//!
//! Withheld texts (unreviewed records, protected fields) carry the record's number in every
//! sentence and name, so that no public record repeats them: the build's leak scan would
//! rightly stop a site whose public text contains a withheld sentence.
//!
//! `--formulaic` writes what ward staff write instead: stock phrases of administrative
//! Japanese in protected ideas and in public summaries alike, and unreviewed proposals titled
//! like published partnerships. Such a corpus stops the build with one error per public field
//! and withheld text that share a phrase. `--formulaic=acknowledged` also writes each withheld
//! record's `disclosure.also_public` entries for the phrases and titles it shares, as a clerk
//! would after reading those errors, and the corpus builds.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

/// SplitMix64: small, fast and deterministic; quality is ample for picking phrases.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

struct Topic {
    name: &'static str,
    goal: &'static str,
    means: &'static [&'static str],
    policy_area: &'static str,
    department: usize,
}

const TOPICS: &[Topic] = &[
    Topic {
        name: "高齢者の見守り",
        goal: "ひとり暮らしの高齢者が安心して暮らせる地域",
        means: &[
            "IoTセンサー",
            "電力データ",
            "訪問ボランティア",
            "配食サービス",
        ],
        policy_area: "高齢福祉",
        department: 0,
    },
    Topic {
        name: "シェアサイクル",
        goal: "鉄道の南北移動を補う身近な移動手段",
        means: &[
            "シェアサイクルのポート",
            "電動アシスト自転車",
            "利用データの分析",
        ],
        policy_area: "交通・移動",
        department: 1,
    },
    Topic {
        name: "地域の防災力向上",
        goal: "災害に強いまちづくり",
        means: &["防災アプリ", "浸水センサー", "備蓄倉庫", "多言語の避難情報"],
        policy_area: "防災・安全",
        department: 2,
    },
    Topic {
        name: "子育て支援",
        goal: "子育て家庭の孤立を防ぐこと",
        means: &[
            "オンライン相談",
            "子ども食堂",
            "一時預かりの予約システム",
            "AIチャットボット",
        ],
        policy_area: "子ども・子育て",
        department: 3,
    },
    Topic {
        name: "脱炭素の推進",
        goal: "二酸化炭素の排出を減らす暮らし",
        means: &["太陽光発電", "PPAモデル", "EV充電器", "省エネ診断"],
        policy_area: "環境・脱炭素",
        department: 4,
    },
    Topic {
        name: "空き家の活用",
        goal: "空き家を地域の居場所として活かすこと",
        means: &[
            "マッチングサイト",
            "改修費用のファイナンス",
            "家財整理",
            "空き家保険",
        ],
        policy_area: "住まい・まちづくり",
        department: 5,
    },
    Topic {
        name: "多文化共生",
        goal: "外国人住民が暮らしやすい地域",
        means: &[
            "多言語の案内板",
            "やさしい日本語",
            "翻訳アプリ",
            "日本語教室",
        ],
        policy_area: "多文化共生",
        department: 6,
    },
    Topic {
        name: "健康づくり",
        goal: "区民が楽しみながら健康を保つこと",
        means: &[
            "健康ポイント",
            "ウォーキングイベント",
            "歩数計アプリ",
            "食生活の講座",
        ],
        policy_area: "健康",
        department: 7,
    },
    Topic {
        name: "商店街の活性化",
        goal: "身近な商店街のにぎわい",
        means: &[
            "キャッシュレス決済",
            "共通ポイント",
            "空き店舗の活用",
            "マルシェ",
        ],
        policy_area: "産業・商業",
        department: 8,
    },
    Topic {
        name: "フードロスの削減",
        goal: "まだ食べられる食品を無駄にしない地域",
        means: &[
            "フードドライブ",
            "需要予測",
            "子ども食堂への寄付",
            "食品の回収ボックス",
        ],
        policy_area: "環境・脱炭素",
        department: 9,
    },
    Topic {
        name: "図書館サービスの充実",
        goal: "誰もが本に親しめる環境",
        means: &["電子書籍", "音声読み上げ", "移動図書館", "読書通帳"],
        policy_area: "教育・生涯学習",
        department: 10,
    },
    Topic {
        name: "障害者の就労支援",
        goal: "障害のある人が地域で働き続けられること",
        means: &["農福連携", "テレワーク", "職場実習", "ジョブコーチ"],
        policy_area: "障害福祉",
        department: 11,
    },
    Topic {
        name: "デジタル活用支援",
        goal: "デジタル機器に不慣れな人を取り残さないこと",
        means: &[
            "スマートフォン教室",
            "オンライン申請",
            "DX研修",
            "タブレットの貸出",
        ],
        policy_area: "デジタル",
        department: 12,
    },
    Topic {
        name: "地域猫と動物との共生",
        goal: "人と動物が共に暮らせるまち",
        means: &["地域猫の不妊去勢手術", "譲渡会", "ペット防災の講座"],
        policy_area: "生活環境",
        department: 13,
    },
];

const DEPARTMENTS: &[&str] = &[
    "高齢福祉部 介護予防・地域支援課",
    "道路・交通計画部 交通政策課",
    "危機管理部 災害対策課",
    "子ども・若者部 子ども家庭課",
    "環境政策部 環境計画課",
    "都市整備政策部 居住支援課",
    "生活文化政策部 国際課",
    "世田谷保健所 健康推進課",
    "経済産業部 商業課",
    "清掃・リサイクル部 事業課",
    "教育委員会事務局 中央図書館",
    "障害福祉部 障害者地域生活課",
    "政策経営部 DX推進担当課",
    "世田谷保健所 生活保健課",
    "政策経営部 官民連携担当課",
];

const PLACES: &[&str] = &[
    "若葉台",
    "緑ヶ丘",
    "川辺町",
    "梅が原",
    "松の木",
    "桜新道",
    "上町南",
    "深沢台",
    "玉川堤",
    "北砧",
    "祖師ヶ丘",
    "経堂西",
    "烏山台",
    "駒沢公園通り",
    "池尻橋",
    "等々力渓谷前",
];

const COMPANY_CORES: &[&str] = &[
    "みらい",
    "あおば",
    "さくら",
    "ひかり",
    "つばさ",
    "はるか",
    "せせらぎ",
    "こもれび",
    "たまがわ",
    "ほしぞら",
    "ねこのて",
    "まちかど",
    "いろどり",
    "くすのき",
    "あさひ",
    "そよかぜ",
];
const COMPANY_TAILS: &[&str] = &[
    "テック",
    "リンク",
    "ソリューションズ",
    "電機",
    "商事",
    "モビリティ",
    "ヘルスケア",
    "不動産",
    "食品",
    "エナジー",
    "ラボ",
    "ネットワークス",
    "サービス",
    "デザイン",
];

const VERBS: &[&str] = &[
    "導入しました",
    "試行しています",
    "広めています",
    "共同で開発しました",
    "検証しました",
    "運営しています",
];

/// Stock phrases of administrative writing (one sentence each), shared by withheld and public texts.
const STOCK_PHRASES: &[&str] = &[
    "区民サービスの向上と地域の活性化を図る。",
    "地域の課題解決に向けて区と事業者が連携して取り組む。",
    "持続可能なまちづくりに寄与することを目的とする。",
    "区民の安全で安心な暮らしの実現に貢献する。",
    "効果を検証し、区内への展開を検討する。",
];

const STATUSES: &[&str] = &["preparing", "active", "active", "completed", "completed"];
const PATTERNS: &[&str] = &["introduce", "spread", "co-create"];
const ROUTES: &[&str] = &["private-proposal", "theme", "direct", "sounding", "other"];
const AGREEMENTS: &[&str] = &["agreement", "memorandum", "contract", "none"];
const PROPOSAL_STATUSES: &[&str] = &[
    "received",
    "reviewing",
    "adopted",
    "not-adopted",
    "withdrawn",
];

/// 法人番号 with a check digit that verifies.
fn corporate_number(rng: &mut Rng) -> String {
    let body: Vec<u32> = (0..12).map(|_| rng.below(10) as u32).collect();
    let mut number = kanmin::content::validate::corporate_check_digit(&body).to_string();
    for d in body {
        number.push(char::from_digit(d, 10).unwrap_or('0'));
    }
    number
}

fn company(rng: &mut Rng) -> (String, &'static str, String) {
    let core = rng.pick(COMPANY_CORES);
    let tail = rng.pick(COMPANY_TAILS);
    let (name, kind) = match rng.below(10) {
        0 => (format!("NPO法人 {core}{tail}"), "npo"),
        1 => (format!("{core}信用金庫"), "financial"),
        2 => (format!("{core}大学 地域連携センター"), "university"),
        n if n < 6 => (format!("株式会社{core}{tail}"), "company"),
        _ => (format!("{core}{tail}株式会社"), "company"),
    };
    // The same name always gets the same 法人番号, as in the real register.
    let mut seeded = Rng(name.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    }));
    let number = corporate_number(&mut seeded);
    (name, kind, number)
}

fn date(rng: &mut Rng, from_year: i32, to_year: i32) -> (i32, String) {
    let year = from_year + rng.below((to_year - from_year + 1) as usize) as i32;
    let month = 1 + rng.below(12);
    let day = 1 + rng.below(28);
    (year, format!("{year}-{month:02}-{day:02}"))
}

fn yaml_block(text: &str) -> String {
    let mut out = String::from("|\n");
    for line in text.lines() {
        let _ = writeln!(out, "  {line}");
    }
    out
}

fn sentences(rng: &mut Rng, topic: &Topic, place: &str, partner: &str, count: usize) -> String {
    let mut text = String::new();
    for _ in 0..count {
        let means = rng.pick(topic.means);
        let sentence = match rng.below(8) {
            0 => format!("{place}地区で{means}を使い、{}を目指す取組みです。", topic.goal),
            1 => format!("{partner}が持つ{means}のノウハウを活かし、区と役割を分担して{}", rng.pick(VERBS)),
            2 => format!("区民アンケートでは「{}について身近な相談先がほしい」という声が多く寄せられました。", topic.name),
            3 => format!("{means}の利用状況を毎月集計し、所管課と事業者で改善点を話し合っています。"),
            4 => format!("令和{}年度からは{place}以外の地区にも対象を広げる予定です。", 7 + rng.below(3)),
            5 => format!("区の費用負担を抑えるため、{partner}が設備を提供し、区は場所と周知を担います。"),
            6 => format!("参加者は延べ{}人となり、{}への関心の高まりがうかがえます。", 50 + rng.below(5000), topic.name),
            _ => format!("{means}に関する説明会を{place}の地区会館で開き、{}", rng.pick(VERBS)),
        };
        text.push_str(&sentence);
        text.push('\n');
    }
    text
}

fn write(path: PathBuf, text: &str) {
    if let Err(err) = fs::write(&path, text) {
        eprintln!("cannot write {}: {err}", path.display());
        std::process::exit(1);
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(count), Some(dir)) = (
        args.first().and_then(|n| n.parse::<usize>().ok()),
        args.get(1),
    ) else {
        eprintln!("usage: gen-corpus N DIR [SEED] [--formulaic[=acknowledged]]");
        std::process::exit(2);
    };
    let seed = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(2026);
    let formulaic = args
        .iter()
        .find_map(|a| a.strip_prefix("--formulaic"))
        .map(|rest| rest == "=acknowledged");
    let mut partnership_titles: Vec<String> = Vec::new();
    let content = Path::new(dir).join("content");
    for folder in ["partnerships", "themes", "proposals", "soundings", "pages"] {
        if let Err(err) = fs::create_dir_all(content.join(folder)) {
            eprintln!("cannot create {}: {err}", content.join(folder).display());
            std::process::exit(1);
        }
    }
    let mut rng = Rng(seed);
    write(content.join("site.yaml"), SITE);
    write(
        content.join("pages/about.md"),
        "---\ntitle: このサイトについて\norder: 1\n---\n性能測定用に生成した架空の記録です。\n",
    );
    write(
        content.join("pages/how-to-propose.md"),
        "---\ntitle: 提案の方法\norder: 2\n---\n提案は官民連携の窓口で受け付けています。\n",
    );

    for n in 0..count {
        let topic = rng.pick(TOPICS);
        let place = rng.pick(PLACES);
        let (partner, kind, number) = company(&mut rng);
        let (_, concluded_on) = date(&mut rng, 2018, 2026);
        let means = rng.pick(topic.means);
        let title = format!("{means}による{}（{place}）", topic.name);
        let mut summary = sentences(&mut rng, topic, place, &partner, 2);
        if formulaic.is_some() {
            summary = format!("{}{}\n", summary.trim_end(), rng.pick(STOCK_PHRASES));
            partnership_titles.push(title.clone());
        }
        let body_sentences = 3 + rng.below(4);
        let body = sentences(&mut rng, topic, place, &partner, body_sentences);
        let mut departments = vec![DEPARTMENTS[topic.department]];
        if rng.chance(20) {
            departments.push(*rng.pick(DEPARTMENTS));
            departments.dedup();
        }
        let mut yaml = format!(
            "title: {title}\nsummary: {}body: {}status: {}\npattern: {}\nroute: {}\nagreement: {}\nconcluded_on: {concluded_on}\n",
            yaml_block(&summary),
            yaml_block(&format!("## 取組みの内容\n\n{body}")),
            rng.pick(STATUSES),
            rng.pick(PATTERNS),
            rng.pick(ROUTES),
            rng.pick(AGREEMENTS),
        );
        let _ = write!(yaml, "partners:\n  - name: {partner}\n    kind: {kind}\n    corporate_number: \"{number}\"\n");
        let _ = writeln!(yaml, "departments: [{}]", departments.join(", "));
        let _ = writeln!(yaml, "policy_areas: [{}]", topic.policy_area);
        if rng.chance(40) {
            let _ = writeln!(
                yaml,
                "outcomes: {}",
                yaml_block(&sentences(&mut rng, topic, place, &partner, 2)).trim_end()
            );
        }
        write(content.join(format!("partnerships/p{n:05}.yaml")), &yaml);
    }

    for n in 0..count / 20 {
        let topic = rng.pick(TOPICS);
        let place = rng.pick(PLACES);
        let (year, open_from) = date(&mut rng, 2019, 2027);
        let yaml = format!(
            "title: {}の新しい仕組みづくり（{year}年募集）\nsummary: {}departments: [{}]\nopen_from: {open_from}\ndeadline: {}-12-28\nissue: {}policy_areas: [{}]\n",
            topic.name,
            yaml_block(&format!("{}に向けた提案を募集します。\n分野を超えた提案をお待ちしています。", topic.goal)),
            DEPARTMENTS[topic.department],
            year,
            yaml_block(&sentences(&mut rng, topic, place, "民間事業者", 3)),
            topic.policy_area,
        );
        write(content.join(format!("themes/t{n:04}.yaml")), &yaml);
    }

    for n in 0..count / 5 {
        let topic = rng.pick(TOPICS);
        let place = rng.pick(PLACES);
        let (_, received_on) = date(&mut rng, 2019, 2026);
        // Every fourth proposal is unreviewed (withheld whole); of the rest, some protect
        // the idea, some also the proposer's name.
        let review = n % 4;
        let unique_proposer = review == 0 || review == 3;
        let (proposer, kind, number) = if unique_proposer {
            (format!("提案事業者第{n}号合同会社"), "company", None)
        } else {
            let (name, kind, number) = company(&mut rng);
            (name, kind, Some(number))
        };
        // Formulaic: every tenth unreviewed proposal is titled like a published partnership.
        let shared_title =
            (formulaic.is_some() && review == 0 && n % 40 == 0 && !partnership_titles.is_empty())
                .then(|| partnership_titles[n % partnership_titles.len()].clone());
        let title = if let Some(shared) = &shared_title {
            shared.clone()
        } else if review == 0 {
            format!("{place}における{}の試み（受付番号{n}）", topic.name)
        } else {
            format!("{}の{}に関する提案", rng.pick(topic.means), topic.name)
        };
        let summary = if review == 0 {
            format!("受付番号{n}の提案で、{}に関する内容です。\n", topic.goal)
        } else {
            sentences(&mut rng, topic, place, "提案者", 2)
        };
        let mut idea = format!(
            "受付番号{n}の独自手法として、{}の記録を{}日ごとに自動で集計します。\n受付番号{n}の提案者が開発した仕組みで、結果を{place}の担当者へ届けます。\n",
            rng.pick(topic.means),
            2 + rng.below(9),
        );
        let stock = formulaic.is_some().then(|| *rng.pick(STOCK_PHRASES));
        if let Some(stock) = stock {
            idea.push_str(stock);
            idea.push('\n');
        }
        // What a clerk acknowledges after reading the errors: the shared phrase (in a
        // protected or withheld idea) and the shared title.
        let acknowledged: Vec<&str> = if formulaic == Some(true) && review != 1 {
            stock.into_iter().chain(shared_title.as_deref()).collect()
        } else {
            Vec::new()
        };
        let also_public = if acknowledged.is_empty() {
            String::new()
        } else {
            format!(
                "  also_public:\n{}",
                acknowledged
                    .iter()
                    .map(|t| format!("    - \"{t}\"\n"))
                    .collect::<String>()
            )
        };
        let mut yaml = format!(
            "title: {title}\nsummary: {}received_on: {received_on}\nroute: private-proposal\nproposer:\n  name: {proposer}\n  kind: {kind}\n",
            yaml_block(&summary),
        );
        if let Some(number) = number {
            let _ = writeln!(yaml, "  corporate_number: \"{number}\"");
        }
        let _ = writeln!(
            yaml,
            "departments: [{}]\nstatus: {}\nidea: {}",
            DEPARTMENTS[topic.department],
            rng.pick(PROPOSAL_STATUSES),
            yaml_block(&idea).trim_end()
        );
        match review {
            0 if also_public.is_empty() => {}
            0 => yaml.push_str(&format!("disclosure:\n{also_public}")),
            1 => yaml.push_str("disclosure:\n  reviewed: true\n  reviewed_on: 2026-04-01\n  protected: []\n"),
            2 => yaml.push_str(&format!("disclosure:\n  reviewed: true\n  reviewed_on: 2026-04-01\n  protected: [idea]\n{also_public}")),
            _ => yaml.push_str(&format!("disclosure:\n  reviewed: true\n  reviewed_on: 2026-04-01\n  protected: [idea, proposer.name]\n{also_public}")),
        }
        write(content.join(format!("proposals/r{n:05}.yaml")), &yaml);
    }

    for n in 0..count / 50 {
        let topic = rng.pick(TOPICS);
        let place = rng.pick(PLACES);
        let (_, announced_on) = date(&mut rng, 2019, 2026);
        let reviewed = n % 5 != 0;
        let title = if reviewed {
            format!("{}に関するサウンディング型市場調査（{place}）", topic.name)
        } else {
            format!("{}の事業化に向けた意見聴取（調査番号{n}）", topic.name)
        };
        let summary = if reviewed {
            sentences(&mut rng, topic, place, "民間事業者", 2)
        } else {
            format!(
                "調査番号{n}の調査で、{}について意見を聴きます。\n",
                topic.goal
            )
        };
        let mut yaml = format!(
            "title: {title}\nsummary: {}departments: [{}]\npurpose: {}announced_on: {announced_on}\n",
            yaml_block(&summary),
            DEPARTMENTS[topic.department],
            yaml_block(&if reviewed { sentences(&mut rng, topic, place, "民間事業者", 2) } else { format!("調査番号{n}の目的は、{}の条件を整理することです。\n", topic.name) }),
        );
        if reviewed {
            let _ = writeln!(
                yaml,
                "results: {}",
                yaml_block(&sentences(&mut rng, topic, place, "参加事業者", 3)).trim_end()
            );
            yaml.push_str("disclosure:\n  reviewed: true\n  reviewed_on: 2026-04-01\n");
        }
        write(content.join(format!("soundings/s{n:04}.yaml")), &yaml);
    }
    println!(
        "wrote {count} partnerships, {} themes, {} proposals, {} soundings to {}",
        count / 20,
        count / 5,
        count / 50,
        content.display()
    );
}

const SITE: &str = r#"# 性能測定用の生成データ。記録・組織・連絡先はすべて架空です。
title: 世田谷区 官民連携ポータル（生成データ）
base_url: https://example.org/colab/
municipality: {name: 世田谷区, prefecture: 東京都, code: "131121"}
contact: {name: せたがやCo-Lab., department: 政策経営部 官民連携担当課, email: colab@example.jp}
"#;
