//! UI languages and the localisation tables (one RON file a language under `assets/locales/`).

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// A UI language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        match code.to_ascii_lowercase().as_str() {
            "zh" | "zh-cn" | "zh_cn" | "cn" => Some(Lang::Zh),
            "en" | "en-us" | "en-gb" => Some(Lang::En),
            _ => None,
        }
    }

    /// The language of the system locale: Chinese for any `zh*` locale, English otherwise.
    pub fn from_system() -> Lang {
        match sys_locale::get_locale() {
            Some(l) if l.to_ascii_lowercase().starts_with("zh") => Lang::Zh,
            Some(_) => Lang::En,
            None => Lang::Zh,
        }
    }
}

const ZH: &str = include_str!("../assets/locales/zh.ron");
const EN: &str = include_str!("../assets/locales/en.ron");
// Engine and CLI texts (debrief, scorecard, log) live in their own files.
const ENGINE_ZH: &str = include_str!("../assets/locales/engine.zh.ron");
const ENGINE_EN: &str = include_str!("../assets/locales/engine.en.ron");
// Play screens: the board side and the tender-to-debrief side.
const BOARD_ZH: &str = include_str!("../assets/locales/board.zh.ron");
const BOARD_EN: &str = include_str!("../assets/locales/board.en.ron");
const TENDER_ZH: &str = include_str!("../assets/locales/tender.zh.ron");
const TENDER_EN: &str = include_str!("../assets/locales/tender.en.ron");
// The coach where the action happens (src/advice.rs), shared by the window and the CLI.
const ADVICE_ZH: &str = include_str!("../assets/locales/advice.zh.ron");
const ADVICE_EN: &str = include_str!("../assets/locales/advice.en.ron");
// A team's game in a workshop room: joining, the room's clock, notices.
const ROOM_ZH: &str = include_str!("../assets/locales/room.zh.ron");
const ROOM_EN: &str = include_str!("../assets/locales/room.en.ron");

fn table(lang: Lang) -> &'static BTreeMap<String, String> {
    static ZH_T: OnceLock<BTreeMap<String, String>> = OnceLock::new();
    static EN_T: OnceLock<BTreeMap<String, String>> = OnceLock::new();
    let (cell, srcs) = match lang {
        Lang::Zh => (
            &ZH_T,
            [ZH, ENGINE_ZH, BOARD_ZH, TENDER_ZH, ADVICE_ZH, ROOM_ZH],
        ),
        Lang::En => (
            &EN_T,
            [EN, ENGINE_EN, BOARD_EN, TENDER_EN, ADVICE_EN, ROOM_EN],
        ),
    };
    // The tables ship inside the binary and a test checks they parse, so an empty
    // table here would only mean a broken build, which the tests catch.
    cell.get_or_init(|| {
        let mut t = BTreeMap::new();
        for src in srcs {
            t.extend(ron::from_str::<BTreeMap<String, String>>(src).unwrap_or_default());
        }
        t
    })
}

/// The UI string for `key` in `lang`; the key itself when missing (visible, never a crash).
pub fn tr(lang: Lang, key: &str) -> &str {
    match table(lang).get(key) {
        Some(s) => s.as_str(),
        None => key,
    }
}

/// `tr` with `{name}` placeholders filled in.
pub fn trf(lang: Lang, key: &str, args: &[(&str, &str)]) -> String {
    let mut s = tr(lang, key).to_string();
    for (k, v) in args {
        s = s.replace(&format!("{{{k}}}"), v);
    }
    s
}

/// Every key of a language's table (used by tests to check both languages agree).
pub fn keys(lang: Lang) -> Vec<&'static str> {
    table(lang).keys().map(|k| k.as_str()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_tables_parse_and_have_the_same_keys() {
        for (zh_src, en_src, name) in [
            (BOARD_ZH, BOARD_EN, "board.zh.ron/board.en.ron"),
            (TENDER_ZH, TENDER_EN, "tender.zh.ron/tender.en.ron"),
            (ADVICE_ZH, ADVICE_EN, "advice.zh.ron/advice.en.ron"),
            (ROOM_ZH, ROOM_EN, "room.zh.ron/room.en.ron"),
            (ZH, EN, "zh.ron/en.ron"),
            (ENGINE_ZH, ENGINE_EN, "engine.zh.ron/engine.en.ron"),
        ] {
            let zh: BTreeMap<String, String> = ron::from_str(zh_src).expect("zh table parses");
            let en: BTreeMap<String, String> = ron::from_str(en_src).expect("en table parses");
            let zk: Vec<_> = zh.keys().collect();
            let ek: Vec<_> = en.keys().collect();
            assert_eq!(zk, ek, "{name} must define the same keys");
        }
        assert!(keys(Lang::Zh).len() > 40);
    }
}
