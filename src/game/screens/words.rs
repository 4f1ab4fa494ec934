//! A few words the engine leaves to the UI, shared by the play screens: what an action
//! costs, the resources left this week, why an action is refused, and rating dots.

use crate::i18n::{Lang, tr, trf};
use crate::sim::{Game, Illegal};

/// The resources left this week in the words of locale `key` (`board.resources`, `sh.left`),
/// which names `{rep}`, `{presales}`, `{exec}`, `{spent}` and `{budget}`.
pub fn resources_left(g: &Game, lang: Lang, key: &str) -> String {
    trf(
        lang,
        key,
        &[
            ("rep", &g.rep_days_left().to_string()),
            ("presales", &g.presales_days_left().to_string()),
            ("exec", &g.executive_visits_left().to_string()),
            ("spent", &crate::sim::describe::money(lang, g.spent())),
            (
                "budget",
                &crate::sim::describe::money(lang, g.expense_budget()),
            ),
        ],
    )
}

/// Why the engine refused an action, in the player's language.
pub fn illegal(lang: Lang, why: &Illegal) -> String {
    let key = format!("illegal.{}", crate::sim::describe::snake(why));
    let s = tr(lang, &key);
    if s == key {
        why.to_string()
    } else {
        s.to_string()
    }
}

/// A count out of `max` as filled and empty dots and the numbers: "●●●○○ 3/5" (a 1–5
/// rating, negotiating power of 6); meaning never by colour alone.
pub fn dots(n: u32, max: u32) -> String {
    let n = n.min(max);
    format!(
        "{}{} {n}/{max}",
        "●".repeat(n as usize),
        "○".repeat((max - n) as usize)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_refusal_has_words_in_both_languages() {
        use Illegal::*;
        for why in [
            GameOver,
            WrongStage,
            UnknownPerson,
            NoContact,
            AlreadyContacted,
            NoRepDays,
            NoPresalesDays,
            NoExecutiveVisits,
            NoMoney,
            TenderIssued,
            TenderNotIssued,
            AlreadyBid,
            IntroducerUnwilling,
            BadBelief,
            BadPrice,
            AlreadyDone,
        ] {
            for lang in [Lang::Zh, Lang::En] {
                let key = format!("illegal.{}", crate::sim::describe::snake(&why));
                assert_ne!(tr(lang, &key), key, "missing {key}");
            }
        }
        assert_eq!(dots(3, 5), "●●●○○ 3/5");
        assert_eq!(dots(9, 6), "●●●●●● 6/6");
    }

    /// Every locale key the play screens and the compact kit name exists in both languages
    /// (prefixes used with `describe::word` are checked through their values instead).
    #[test]
    fn every_key_the_play_screens_use_exists() {
        const SOURCES: [&str; 13] = [
            include_str!("select.rs"),
            include_str!("briefing.rs"),
            include_str!("board.rs"),
            include_str!("stakeholder.rs"),
            include_str!("meeting.rs"),
            include_str!("tender.rs"),
            include_str!("result.rs"),
            include_str!("negotiation.rs"),
            include_str!("debrief.rs"),
            include_str!("words.rs"),
            include_str!("../theme/focus.rs"),
            include_str!("../theme/scroll.rs"),
            include_str!("../theme/widgets.rs"),
        ];
        const PREFIXES: [&str; 12] = [
            "sel.", "brief.", "board.", "sh.", "meet.", "coach.", "illegal.", "tdr.", "res.",
            "neg.", "dbf.", "end.",
        ];
        const WORD_PREFIXES: [&str; 4] = [
            "sel.difficulty",
            "brief.tier",
            "brief.industry",
            "brief.procurement",
        ];
        let mut checked = 0;
        for src in SOURCES {
            for quoted in src.split('"').skip(1).step_by(2) {
                let is_key = PREFIXES.iter().any(|p| quoted.starts_with(p))
                    && quoted
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c == '_' || c == '.')
                    && !quoted.ends_with('.')
                    && !quoted.ends_with(".rs");
                if !is_key || WORD_PREFIXES.contains(&quoted) {
                    continue;
                }
                for lang in [Lang::Zh, Lang::En] {
                    assert_ne!(tr(lang, quoted), quoted, "{quoted} missing in {lang:?}");
                }
                checked += 1;
            }
        }
        assert!(checked > 100, "{checked}");
        use crate::scenario::schema::{Difficulty, Industry, Procurement, Tier};
        use crate::sim::describe::word;
        for lang in [Lang::Zh, Lang::En] {
            for d in [
                Difficulty::Tutorial,
                Difficulty::Standard,
                Difficulty::Advanced,
                Difficulty::Expert,
            ] {
                assert!(!word(lang, "sel.difficulty", d).starts_with("sel."));
            }
            for t in [Tier::Platinum, Tier::Gold, Tier::Silver] {
                assert!(!word(lang, "brief.tier", t).starts_with("brief."));
            }
            for i in [
                Industry::Government,
                Industry::Finance,
                Industry::Manufacturing,
                Industry::Healthcare,
                Industry::Energy,
                Industry::Education,
                Industry::Conglomerate,
                Industry::Telecom,
                Industry::Other,
            ] {
                assert!(!word(lang, "brief.industry", i).starts_with("brief."));
            }
            for p in [
                Procurement::OpenTender,
                Procurement::InvitedTender,
                Procurement::Negotiated,
                Procurement::SingleSource,
            ] {
                assert!(!word(lang, "brief.procurement", p).starts_with("brief."));
            }
        }
    }
}
