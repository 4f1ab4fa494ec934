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
/// for ten frames in a row; it is still the screen it was opened on.
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
            assert!(
                !all_texts(&mut app).is_empty(),
                "{} ({}) shows nothing",
                screen.slug(),
                lang.code()
            );
        }
    }
}
