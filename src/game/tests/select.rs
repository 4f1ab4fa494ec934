//! Choosing a scenario: the seed, the details following the focus, a broken scenario
//! and a corrupt save.

use super::*;
use crate::game::session;

/// A seed is typed as a facilitator reads it out: the first digit replaces the
/// suggested seed, the next ones extend it, Backspace deletes; a new suggestion is
/// replaced again by the next digit typed.
#[test]
fn typing_a_seed_replaces_the_suggested_one() {
    let dir = TempDir::new("seed");
    let mut app = game_app(dir.paths());
    activate(&mut app, Caption::Key("title.new_game"));
    assert_eq!(screen(&app), Screen::Select);
    let seed = |app: &App| app.world().resource::<SelectState>().seed.clone();
    let suggested = seed(&app);
    assert!(
        suggested.parse::<u64>().is_ok(),
        "a seed is suggested: {suggested}"
    );
    key(&mut app, KeyCode::Digit4);
    assert_eq!(seed(&app), "4");
    key(&mut app, KeyCode::Digit2);
    key(&mut app, KeyCode::Digit7);
    assert_eq!(seed(&app), "427");
    key(&mut app, KeyCode::Backspace);
    assert_eq!(seed(&app), "42");
    press(&mut app, "new_seed");
    assert_ne!(seed(&app), "42", "a new suggestion");
    key(&mut app, KeyCode::Backspace);
    assert_eq!(seed(&app), "", "Backspace clears a suggestion");
    assert!(
        keyed(&mut app, "start")
            .is_some_and(|e| app.world().entity(e).contains::<InteractionDisabled>()),
        "no game starts without a seed"
    );
    key(&mut app, KeyCode::Digit9);
    assert_eq!(seed(&app), "9");
}

/// Moving the focus through the scenario list shows each one's details; Enter (or a
/// click) on one confirms it and puts the focus on Start, so ↓ ↓ Enter Enter starts
/// the third.
#[test]
fn the_details_follow_the_focus_and_enter_goes_to_start() {
    let dir = TempDir::new("select-focus");
    let mut app = game_app(dir.paths());
    activate(&mut app, Caption::Key("title.new_game"));
    let chosen = |app: &App| app.world().resource::<SelectState>().chosen;
    assert_eq!(chosen(&app), 0);
    let focused_key = |app: &mut App| {
        let e = app.world().resource::<InputFocus>().get()?;
        app.world()
            .get::<crate::game::screens::FocusKey>(e)
            .map(|k| k.0.clone())
    };
    assert_eq!(focused_key(&mut app).as_deref(), Some("scn0"));
    key(&mut app, KeyCode::ArrowDown);
    key(&mut app, KeyCode::ArrowDown);
    assert_eq!(focused_key(&mut app).as_deref(), Some("scn2"));
    assert_eq!(chosen(&app), 2, "the details show the focused scenario");
    // Enter on the focused entry, as Bevy's button sends it (or a click).
    press(&mut app, "scn2");
    assert_eq!(focused_key(&mut app).as_deref(), Some("start"));
    assert_eq!(chosen(&app), 2);
    press(&mut app, "start");
    assert_eq!(screen(&app), Screen::Briefing);
    let third = app.world().resource::<Catalog>().0[2]
        .scenario
        .as_ref()
        .map(|s| s.id().to_string())
        .unwrap();
    assert_eq!(session(&app).game.scenario().id(), third);
}

#[test]
fn a_broken_scenario_is_listed_with_its_error_and_cannot_start() {
    let dir = TempDir::new("broken");
    let mut app = game_app(dir.paths());
    let good = app.world().resource::<Catalog>().0[0].clone();
    app.insert_resource(Catalog(vec![
        crate::catalog::Entry {
            path: "scenarios/zz_broken.ron".into(),
            scenario: Err("zz_broken.ron:3:7: expected `)`".into()),
        },
        good,
    ]));
    activate(&mut app, Caption::Key("title.new_game"));
    assert_eq!(screen(&app), Screen::Select);
    let start = keyed(&mut app, "start").unwrap();
    assert!(app.world().entity(start).contains::<InteractionDisabled>());
    let mut texts = app.world_mut().query::<&Caption>();
    assert!(
        texts
            .iter(app.world())
            .any(|c| matches!(c, Caption::Text(t) if t.contains("zz_broken.ron:3:7"))),
        "the error is shown"
    );
    press(&mut app, "scn1");
    let start = keyed(&mut app, "start").unwrap();
    assert!(!app.world().entity(start).contains::<InteractionDisabled>());
}

#[test]
fn a_corrupt_save_is_reported_on_the_select_screen_and_kept() {
    let dir = TempDir::new("corrupt");
    let paths = dir.paths();
    let file = session::autosave_file(&paths).unwrap();
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    std::fs::write(&file, "{ not a save").unwrap();
    let mut app = game_app(paths.clone());
    activate(&mut app, Caption::Key("title.continue"));
    app.update();
    app.update();
    assert_eq!(screen(&app), Screen::Select);
    let err = app.world().resource::<SelectState>().resume_error.clone();
    assert!(
        err.as_deref().is_some_and(|e| e.contains("autosave")),
        "{err:?}"
    );
    let kept = std::fs::read_dir(file.parent().unwrap())
        .unwrap()
        .flatten()
        .count();
    assert!(kept >= 1, "the bad save is moved aside, never deleted");
}
