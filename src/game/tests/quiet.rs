//! The screen pattern keeps a settled screen still: once a screen has shown its game, no
//! frame changes anything on it (so the window keeps its picture, see `retained`) until
//! the player does something.

use super::*;
use crate::game::retained::ScreenChanges;

/// Whether the last frame changed what the player sees.
#[derive(Resource, Default)]
struct Changed(bool);

fn record(mut changes: ScreenChanges, mut changed: ResMut<Changed>) {
    changed.0 = changes.any();
}

/// `screen` with its screenshot fixture, laid out at 1280×720, in `lang`.
fn staged(dir: &TempDir, screen: Screen, lang: Lang) -> App {
    let mut app = laid_out_app_with(dir.paths(), 1280, 720, |app| {
        app.insert_resource(Settings {
            lang,
            ..Settings::default()
        });
        app.insert_state(screen);
        crate::game::dev::screenshot::stage_screen(app, screen, None).unwrap();
    });
    app.init_resource::<Changed>();
    app.add_systems(Last, record);
    app
}

/// Every screen, in both languages, settles within a few frames and then changes nothing
/// for ten frames in a row; it is still the screen it was opened on, and no text on it is
/// in the other language.
#[test]
fn every_settled_screen_keeps_still_for_ten_frames() {
    for lang in [Lang::Zh, Lang::En] {
        for screen in Screen::IMPLEMENTED {
            let dir = TempDir::new(&format!("quiet-{}-{}", screen.slug(), lang.code()));
            let mut app = staged(&dir, screen, lang);
            let mut still = 0;
            let mut frames = 0;
            while still < 10 {
                app.update();
                frames += 1;
                still = if app.world().resource::<Changed>().0 {
                    0
                } else {
                    still + 1
                };
                assert!(
                    frames <= 40,
                    "{} ({}) still changes after {frames} frames",
                    screen.slug(),
                    lang.code()
                );
            }
            assert_eq!(super::screen(&app), screen, "{} moved away", screen.slug());
            let texts = all_texts(&mut app);
            assert!(
                !texts.is_empty(),
                "{} ({}) shows nothing",
                screen.slug(),
                lang.code()
            );
            for t in &texts {
                let stray = untranslated(t, lang);
                assert!(
                    stray.is_empty(),
                    "{} ({}): untranslated {stray:?} in {t:?}",
                    screen.slug(),
                    lang.code()
                );
            }
        }
    }
}

/// Latin words a Chinese screen may show as they are: keys on the keyboard, the other
/// language's own name, abbreviations Chinese readers use, and the Latin words the
/// scenarios' Chinese texts themselves contain (product names) and the scenarios' ids.
const ZH_ALLOWED: &[&str] = &[
    "Tab",
    "Esc",
    "Enter",
    "PageUp",
    "PageDown",
    "Home",
    "End",
    "Backspace",
    "English",
    "FABE",
    "IT",
    "ID",
    "CNY",
    "SANDTABLE",
    "Sandtable",
];

/// The words of `t` that are not in `lang`: Chinese characters on an English screen (but
/// the language choice 中文), Latin words on a Chinese screen beyond the allowed ones.
fn untranslated(t: &str, lang: Lang) -> Vec<String> {
    let is_cjk = |c: char| matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}');
    match lang {
        Lang::En => t
            .split(|c: char| !is_cjk(c))
            // The language choice and the product's own name are shown as they are.
            .filter(|w| !w.is_empty() && *w != "中文" && *w != "大客户销售沙盘")
            .map(str::to_string)
            .collect(),
        Lang::Zh => {
            // The shipped scenarios' Chinese texts (brand and product names in Latin
            // letters) and their ids (shown beside the seed, to replay a game).
            let mut scenarios = String::new();
            for e in std::fs::read_dir(crate::paths::scenarios_dir())
                .unwrap()
                .flatten()
            {
                if let Some(stem) = e.path().file_stem() {
                    scenarios.push_str(&format!("zh: {}\n", stem.to_string_lossy()));
                }
                scenarios.push_str(&std::fs::read_to_string(e.path()).unwrap_or_default());
            }
            let in_scenario = |w: &str| {
                scenarios
                    .lines()
                    .any(|l| l.trim_start().starts_with("zh:") && l.contains(w))
            };
            // File paths are shown as they are.
            t.split(|c: char| c.is_whitespace() || c == '：')
                .filter(|token| !token.contains('/'))
                .flat_map(|token| token.split(|c: char| !c.is_ascii_alphabetic()))
                .filter(|w| w.len() >= 2)
                .filter(|w| !ZH_ALLOWED.contains(w) && !in_scenario(w))
                .map(str::to_string)
                .collect()
        }
    }
}
