//! Headless tests: the real game plugin on `MinimalPlugins` + `StatesPlugin`, driven by
//! the same `Activate` events a click or Enter sends, and by keyboard messages.

use bevy::input::ButtonState;
use bevy::input::InputPlugin;
use bevy::input::keyboard::{Key, KeyboardInput};
use bevy::input_focus::InputFocus;
use bevy::prelude::*;
use bevy::state::app::StatesPlugin;
use bevy::ui::InteractionDisabled;
use bevy::ui_widgets::Activate;
use std::path::PathBuf;

use crate::game::theme::Caption;
use crate::game::theme::interaction::Selected;
use crate::game::{GamePaths, Screen, Settings, settings};
use crate::i18n::Lang;

struct TempDir(PathBuf);

impl TempDir {
    fn new(tag: &str) -> Self {
        let d = std::env::temp_dir().join(format!("sandtable-game-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        TempDir(d)
    }
    fn paths(&self) -> GamePaths {
        GamePaths::in_dirs(&self.0.join("config"), &self.0.join("data"))
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The game on a headless app; settings are read from `paths` like a real start.
fn game_app(paths: GamePaths) -> App {
    let mut app = App::new();
    app.add_plugins((MinimalPlugins, StatesPlugin, InputPlugin));
    app.insert_resource(paths);
    app.add_plugins(crate::game::plugin);
    app.update();
    app.update();
    app
}

fn screen(app: &App) -> Screen {
    *app.world().resource::<State<Screen>>().get()
}

/// The button whose text child shows `caption`.
fn button(app: &mut App, caption: Caption) -> Entity {
    let world = app.world_mut();
    let mut q = world.query::<(&Caption, &ChildOf)>();
    let found: Vec<Entity> = q
        .iter(world)
        .filter(|(c, _)| **c == caption)
        .map(|(_, parent)| parent.parent())
        .collect();
    assert_eq!(found.len(), 1, "exactly one button shows {caption:?}");
    found[0]
}

fn activate(app: &mut App, caption: Caption) {
    let entity = button(app, caption);
    app.world_mut().trigger(Activate { entity });
    app.update();
    app.update();
}

fn key(app: &mut App, code: KeyCode) {
    for state in [ButtonState::Pressed, ButtonState::Released] {
        app.world_mut().write_message(KeyboardInput {
            key_code: code,
            logical_key: Key::Unidentified(bevy::input::keyboard::NativeKey::Unidentified),
            state,
            text: None,
            repeat: false,
            window: Entity::PLACEHOLDER,
        });
        app.update();
    }
    app.update();
}

fn saved(dir: &TempDir) -> Option<Settings> {
    settings::load(&dir.paths().settings_file.unwrap()).unwrap()
}

#[test]
fn title_to_settings_change_language_and_back() {
    let dir = TempDir::new("flow");
    let mut app = game_app(dir.paths());
    app.world_mut().resource_mut::<Settings>().lang = Lang::Zh;
    app.update();
    assert_eq!(screen(&app), Screen::Title);

    activate(&mut app, Caption::Key("title.settings"));
    assert_eq!(screen(&app), Screen::Settings);

    activate(&mut app, Caption::Text("English".into()));
    assert_eq!(app.world().resource::<Settings>().lang, Lang::En);
    assert_eq!(
        saved(&dir).map(|s| s.lang),
        Some(Lang::En),
        "language is persisted"
    );
    // The choice shows the selection, and the heading is now English.
    let en = button(&mut app, Caption::Text("English".into()));
    assert!(app.world().entity(en).contains::<Selected>());
    let mut texts = app.world_mut().query::<(&Caption, &Text)>();
    let heading = texts
        .iter(app.world())
        .find(|(c, _)| **c == Caption::Key("settings.title"))
        .map(|(_, t)| t.0.clone());
    assert_eq!(heading.as_deref(), Some("Settings"));

    activate(&mut app, Caption::Key("settings.back"));
    assert_eq!(screen(&app), Screen::Title);
}

#[test]
fn ui_scale_and_palette_apply_and_persist() {
    let dir = TempDir::new("scale");
    let mut app = game_app(dir.paths());
    activate(&mut app, Caption::Key("title.settings"));
    let plus = {
        let world = app.world_mut();
        let mut q = world.query::<(&Caption, &ChildOf)>();
        q.iter(world)
            .find(|(c, _)| **c == Caption::Text("+".into()))
            .map(|(_, p)| p.parent())
            .unwrap()
    };
    for _ in 0..10 {
        app.world_mut().trigger(Activate { entity: plus });
        app.update();
    }
    app.update();
    assert_eq!(app.world().resource::<UiScale>().0, settings::UI_SCALE_MAX);
    activate(&mut app, Caption::Key("settings.palette_cb"));
    let s = saved(&dir).unwrap();
    assert_eq!(s.ui_scale, settings::UI_SCALE_MAX);
    assert_eq!(s.palette, settings::PaletteKind::ColourBlindSafe);
}

#[test]
fn escape_leaves_settings_and_arrows_skip_disabled_continue() {
    let dir = TempDir::new("keys");
    let mut app = game_app(dir.paths());
    let new_game = button(&mut app, Caption::Key("title.new_game"));
    let cont = button(&mut app, Caption::Key("title.continue"));
    let settings_button = button(&mut app, Caption::Key("title.settings"));
    assert!(app.world().entity(cont).contains::<InteractionDisabled>());
    assert_eq!(app.world().resource::<InputFocus>().get(), Some(new_game));

    key(&mut app, KeyCode::ArrowDown);
    assert_eq!(
        app.world().resource::<InputFocus>().get(),
        Some(settings_button)
    );

    activate(&mut app, Caption::Key("title.settings"));
    assert_eq!(screen(&app), Screen::Settings);
    key(&mut app, KeyCode::Escape);
    assert_eq!(screen(&app), Screen::Title);
}

#[test]
fn continue_is_enabled_when_a_save_exists() {
    let dir = TempDir::new("save");
    let saves = dir.paths().save_dir.unwrap();
    std::fs::create_dir_all(&saves).unwrap();
    std::fs::write(saves.join("autosave.ron"), "()").unwrap();
    let mut app = game_app(dir.paths());
    let cont = button(&mut app, Caption::Key("title.continue"));
    assert!(!app.world().entity(cont).contains::<InteractionDisabled>());
}

#[test]
fn a_corrupt_settings_file_does_not_stop_the_game() {
    let dir = TempDir::new("corrupt");
    let file = dir.paths().settings_file.unwrap();
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    std::fs::write(&file, "(lang: ???").unwrap();
    let app = game_app(dir.paths());
    assert_eq!(screen(&app), Screen::Title);
    assert_eq!(app.world().resource::<Settings>().ui_scale, 1.0);
    assert_eq!(
        std::fs::read_to_string(file.with_extension("corrupt-1")).unwrap(),
        "(lang: ???",
        "the bad file is kept aside for the player to inspect, never overwritten"
    );
}

// ---- the play screens up to the tender (select, briefing, board, stakeholder, meeting) ----

mod play_screens {
    use super::*;
    use crate::game::screens::select::SelectState;
    use crate::game::session::{self, Catalog, Session};
    use crate::sim::{Act, Stage};

    /// The button with this focus key (every play-screen control has one).
    fn keyed(app: &mut App, key: &str) -> Option<Entity> {
        let world = app.world_mut();
        let mut q = world.query::<(Entity, &crate::game::screens::FocusKey)>();
        q.iter(world).find(|(_, k)| k.0 == key).map(|(e, _)| e)
    }

    /// Press the button with this key, as a click or Enter would (never a disabled one).
    fn press(app: &mut App, key: &str) {
        let entity =
            keyed(app, key).unwrap_or_else(|| panic!("no control '{key}' on {:?}", screen(app)));
        assert!(
            !app.world().entity(entity).contains::<InteractionDisabled>(),
            "'{key}' is disabled"
        );
        app.world_mut().trigger(Activate { entity });
        app.update();
        app.update();
    }

    /// The caption of the control with this key.
    fn label(app: &mut App, key: &str) -> String {
        let entity = keyed(app, key).unwrap_or_else(|| panic!("no control '{key}'"));
        let world = app.world();
        std::iter::once(entity)
            .chain(world.get::<Children>(entity).into_iter().flatten().copied())
            .filter_map(|e| world.get::<Text>(e))
            .map(|t| t.0.clone())
            .collect()
    }

    fn session(app: &App) -> &Session {
        app.world().resource::<Session>()
    }

    fn start_tutorial(app: &mut App) {
        activate(app, Caption::Key("title.new_game"));
        assert_eq!(screen(app), Screen::Select);
        let ix = app
            .world()
            .resource::<Catalog>()
            .0
            .iter()
            .position(|e| e.scenario.as_ref().is_ok_and(|s| s.id() == "tutorial"))
            .expect("the tutorial is installed");
        press(app, &format!("scn{ix}"));
        assert_eq!(app.world().resource::<SelectState>().chosen, ix);
        // The facilitator's seed 42, typed over the suggested one.
        key(app, KeyCode::Digit4);
        key(app, KeyCode::Digit2);
        assert_eq!(app.world().resource::<SelectState>().seed, "42");
        press(app, "start");
        assert_eq!(screen(app), Screen::Briefing);
        assert_eq!(session(app).game.seed(), 42);
    }

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

    /// Leaving a stage is a costly move: the first press asks and lists the stage's checks,
    /// nothing is played; the second press leaves.
    #[test]
    fn leaving_a_stage_asks_first_and_lists_its_checks() {
        let dir = TempDir::new("advance");
        let mut app = game_app(dir.paths());
        start_tutorial(&mut app);
        press(&mut app, "go");
        assert_eq!(session(&app).game.stage(), Stage::InitialContact);
        let actions = session(&app).game.actions().len();
        press(&mut app, "plan_advance");
        assert_eq!(
            session(&app).game.stage(),
            Stage::InitialContact,
            "one press plays nothing"
        );
        assert_eq!(session(&app).game.actions().len(), actions);
        assert_eq!(
            label(&mut app, "plan_advance"),
            "Leave the stage? Press again"
        );
        let texts = all_texts(&mut app);
        assert!(
            texts
                .iter()
                .any(|t| t.starts_with("Be sure first:")
                    && t.contains("Found an informant or coach")),
            "the stage's checks are listed"
        );
        press(&mut app, "plan_advance");
        assert_eq!(session(&app).game.stage(), Stage::Technical);
    }

    #[test]
    fn title_to_board_meeting_and_weeks_with_autosave_and_continue() {
        let dir = TempDir::new("play");
        let mut app = game_app(dir.paths());
        start_tutorial(&mut app);

        press(&mut app, "go");
        assert_eq!(screen(&app), Screen::Board);
        assert_eq!(session(&app).game.qualified(), Some(true));
        assert!(session(&app).game.stage() >= Stage::InitialContact);
        // The planner says what desk research will use, from the engine's price list.
        let desk = crate::game::screens::words::cost_text(
            &session(&app).game,
            &Act::DeskResearch,
            app.world().resource::<Settings>().lang,
        );
        assert!(
            session(&app).game.cost_of(&Act::DeskResearch).rep_days > 0,
            "the tutorial's desk research takes a sales day"
        );
        assert!(
            all_texts(&mut app).contains(&desk),
            "the planner shows '{desk}' beside desk research"
        );

        // A stakeholder: the first card of the org chart.
        let first = session(&app)
            .game
            .scenario()
            .people
            .iter()
            .enumerate()
            .map(|(p, _)| p)
            .find(|&p| session(&app).game.is_visible(p))
            .expect("someone is on the map");
        press(&mut app, &format!("person{first}"));
        assert_eq!(screen(&app), Screen::Stakeholder);
        assert_eq!(session(&app).selected, Some(first));
        if !session(&app).game.is_contacted(first) {
            press(&mut app, "act_cold_call");
            assert!(session(&app).game.is_contacted(first));
        }
        // A belief set through the Blue Sheet's cycle button.
        press(&mut app, "belief_sh.role");
        assert!(session(&app).game.map().people[first].role.is_some());

        // A meeting: probe needs.
        press(&mut app, "meeting");
        assert_eq!(screen(&app), Screen::Meeting);
        let before = session(&app).game.actions().len();
        press(&mut app, "approach0");
        assert_eq!(session(&app).game.actions().len(), before + 1);
        assert!(matches!(
            session(&app).game.actions().last(),
            Some(Act::Meeting(p, crate::sim::Approach::ProbeNeeds)) if *p == first
        ));
        assert!(
            keyed(&mut app, "to_board").is_some(),
            "the result offers the way back"
        );
        // One question asked: the others say how many questions he has had (the engine
        // counts them as one approach), not that they were asked.
        press(&mut app, "approach3");
        let lang = app.world().resource::<Settings>().lang;
        let done = crate::i18n::trf(lang, "sh.times_used", &[("n", "1")]);
        let so_far = crate::i18n::trf(lang, "meet.questions_so_far", &[("n", "1")]);
        let asked = label(&mut app, "approach3");
        let budget = label(&mut app, "approach5");
        assert!(asked.ends_with(&so_far), "{asked}");
        assert!(budget.ends_with(&so_far), "{budget}");
        assert!(!budget.contains(&done), "{budget}");
        assert!(label(&mut app, "approach0").ends_with(&done));
        // Esc returns to the board.
        key(&mut app, KeyCode::Escape);
        assert_eq!(screen(&app), Screen::Board);
        // Where the evidence favours a value we do not hold yet, one press adopts it.
        let adopt = {
            let world = app.world_mut();
            let mut q = world.query::<&crate::game::screens::FocusKey>();
            q.iter(world)
                .find(|k| k.0.starts_with("adopt_"))
                .map(|k| k.0.clone())
        };
        if let Some(adopt) = adopt {
            let n = session(&app).game.actions().len();
            press(&mut app, &adopt);
            assert!(matches!(
                session(&app).game.actions()[n..],
                [Act::Believe(_, Some(_))]
            ));
        }

        // Three weeks.
        let week = session(&app).game.week();
        for _ in 0..3 {
            press(&mut app, "plan_end_week");
        }
        assert_eq!(session(&app).game.week(), week + 3);
        let file = session::autosave_file(&dir.paths()).unwrap();
        assert!(file.exists(), "autosave written at the end of the week");
        let catalog = app.world().resource::<Catalog>().clone();
        let resumed = session::resume(&dir.paths(), &catalog).expect("the autosave resumes");
        assert_eq!(resumed.game.week(), week + 3);
        assert_eq!(resumed.game.actions(), session(&app).game.actions());

        // Continue from the title of a new run lands on the board of the same game.
        let mut again = game_app(dir.paths());
        activate(&mut again, Caption::Key("title.continue"));
        again.update();
        again.update();
        assert_eq!(screen(&again), Screen::Board);
        assert_eq!(session(&again).game.week(), week + 3);

        // Play on until the tender is issued: the board hands over to the tender screen.
        for _ in 0..60 {
            if screen(&app) != Screen::Board {
                break;
            }
            press(&mut app, "plan_end_week");
        }
        assert!(
            matches!(screen(&app), Screen::Tender | Screen::Debrief),
            "{:?}",
            screen(&app)
        );
        assert!(session(&app).game.tender_issued() || session(&app).game.is_over());
    }

    /// Back from a person's screen (Esc or the Board button) the focus is on his card, not
    /// the top of the chart, so a keyboard player goes on from where he was.
    #[test]
    fn back_on_the_board_the_focus_is_on_the_person_just_visited() {
        let dir = TempDir::new("back");
        let mut app = game_app(dir.paths());
        start_tutorial(&mut app);
        press(&mut app, "go");
        assert_eq!(screen(&app), Screen::Board);
        let order = crate::game::screens::board::org_order(&session(&app).game);
        let (last, _) = *order.last().expect("people on the chart");
        assert_ne!(order[0].0, last, "the tutorial shows more than one person");
        let card = format!("person{last}");
        let focused = |app: &mut App| app.world().resource::<InputFocus>().get();

        press(&mut app, &card);
        assert_eq!(screen(&app), Screen::Stakeholder);
        key(&mut app, KeyCode::Escape);
        assert_eq!(screen(&app), Screen::Board);
        assert_eq!(focused(&mut app), keyed(&mut app, &card));

        press(&mut app, &card);
        press(&mut app, "back");
        assert_eq!(screen(&app), Screen::Board);
        assert_eq!(focused(&mut app), keyed(&mut app, &card));
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
    fn no_go_ends_the_game_and_goes_to_the_debrief() {
        let dir = TempDir::new("nogo");
        let mut app = game_app(dir.paths());
        start_tutorial(&mut app);
        press(&mut app, "no_go");
        assert_eq!(screen(&app), Screen::Debrief);
        assert!(session(&app).game.is_over());
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

    /// The largest cast (`expert_reshuffle`, the bench's game): every person on the map has
    /// a card, the cards sit in one chart that scrolls vertically (mouse wheel) without being
    /// squeezed, and the arrow keys reach every card in org-chart order (focusing a card
    /// scrolls it into view).
    #[test]
    fn every_person_of_a_large_cast_has_a_reachable_card() {
        use crate::game::dev::bench::{BENCH_SCENARIO, BENCH_WEEK};
        use bevy::input_focus::tab_navigation::TabIndex;
        use bevy::ui_widgets::ScrollArea;

        let dir = TempDir::new("cast");
        let mut app = game_app(dir.paths());
        let scn = app
            .world()
            .resource::<Catalog>()
            .find(BENCH_SCENARIO)
            .expect("the largest scenario is installed");
        let s = crate::game::screens::play::expert_session(scn, 7, BENCH_WEEK);
        let order = crate::game::screens::board_org_order(&s.game);
        let visible = (0..s.game.scenario().people.len())
            .filter(|&p| s.game.is_visible(p))
            .count();
        // More cards than the chart shows at once at 1280×720 (about twelve).
        assert!(visible >= 13, "{visible} people on the map");
        assert_eq!(order.len(), visible, "the chart lists everyone on the map");
        app.insert_resource(s);
        app.world_mut()
            .resource_mut::<NextState<Screen>>()
            .set(Screen::Board);
        app.update();
        app.update();
        assert_eq!(screen(&app), Screen::Board);

        let mut chart = None;
        for (p, _) in &order {
            let card = keyed(&mut app, &format!("person{p}"))
                .unwrap_or_else(|| panic!("no card for person {p}"));
            let world = app.world();
            assert!(world.get::<TabIndex>(card).is_some_and(|t| t.0 >= 0));
            assert_eq!(world.get::<Node>(card).unwrap().flex_shrink, 0.0);
            let area = world
                .entity(card)
                .get::<ChildOf>()
                .map(|c| c.parent())
                .filter(|&e| world.get::<ScrollArea>(e).is_some())
                .expect("the card is in a scroll area");
            assert_eq!(
                world.get::<Node>(area).unwrap().overflow.y,
                OverflowAxis::Scroll
            );
            assert!(chart.is_none_or(|c| c == area), "one chart for everyone");
            chart = Some(area);
        }

        // The keyboard walks the whole chart, card after card.
        let first = keyed(&mut app, &format!("person{}", order[0].0)).unwrap();
        app.world_mut()
            .resource_mut::<InputFocus>()
            .set(first, bevy::input_focus::FocusCause::Navigated);
        for (p, _) in &order[1..] {
            key(&mut app, KeyCode::ArrowDown);
            let want = keyed(&mut app, &format!("person{p}")).unwrap();
            assert_eq!(
                app.world().resource::<InputFocus>().get(),
                Some(want),
                "the arrow key reaches person {p}"
            );
        }
    }

    #[test]
    fn refused_actions_are_disabled_with_their_reason() {
        let dir = TempDir::new("refused");
        let mut app = game_app(dir.paths());
        start_tutorial(&mut app);
        press(&mut app, "go");
        // Endorsement needs the technical stage: disabled on the initial-contact board.
        let e = keyed(&mut app, "plan_endorsement").unwrap();
        assert!(app.world().entity(e).contains::<InteractionDisabled>());
        let mut texts = app.world_mut().query::<&Caption>();
        let reason = crate::game::screens::refusal_text(
            app.world().resource::<Settings>().lang,
            &crate::sim::Illegal::WrongStage,
        );
        assert!(
            texts
                .iter(app.world())
                .any(|c| matches!(c, Caption::Text(t) if t.contains(&reason))),
            "the reason is shown beside the button"
        );
    }

    /// The captions of entities carrying component `C`.
    fn captions_of<C: Component>(app: &mut App) -> Vec<String> {
        let world = app.world_mut();
        let mut q = world.query_filtered::<&Caption, With<C>>();
        q.iter(world)
            .filter_map(|c| match c {
                Caption::Text(t) => Some(t.clone()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn the_blue_sheet_shows_what_each_action_costs_and_what_is_left() {
        use crate::game::screens::stakeholder::{ActionCost, ResourcesLeft};
        let dir = TempDir::new("costs");
        let mut app = game_app(dir.paths());
        start_tutorial(&mut app);
        press(&mut app, "go");
        let g = &session(&app).game;
        let p = (0..g.scenario().people.len())
            .find(|&p| g.is_visible(p) && !g.is_contacted(p))
            .expect("someone visible not yet met");
        let cold_call = g.cost_of(&Act::ColdCall(p));
        let rep = g.rep_days_left();
        press(&mut app, &format!("person{p}"));
        let lang = app.world().resource::<Settings>().lang;
        let left = captions_of::<ResourcesLeft>(&mut app);
        assert_eq!(left.len(), 1);
        assert!(left[0].contains(&rep.to_string()), "{left:?}");
        // Before contact only the cold call (and introductions) can be done: its cost shows.
        let costs = captions_of::<ActionCost>(&mut app);
        let expected =
            crate::game::screens::words::cost_text(&session(&app).game, &Act::ColdCall(p), lang);
        assert!(
            costs.contains(&expected) && expected.contains(&cold_call.rep_days.to_string()),
            "{costs:?} should hold {expected:?}"
        );
        press(&mut app, "act_cold_call");
        let left = captions_of::<ResourcesLeft>(&mut app);
        assert!(
            left[0].contains(&(rep - cold_call.rep_days).to_string()),
            "the header follows the spend: {left:?}"
        );
        // Met: the meeting and the other legal actions now show their costs.
        assert!(captions_of::<ActionCost>(&mut app).len() > 1);
    }
}
// ---- the end-game screens: tender, result, negotiation, debrief ----------------------

use crate::game::screens::debrief::{DebriefView, Tab, TotalShown};
use crate::game::screens::tender::{BidDraft, expert_session};
use crate::game::session::{Catalog, Session};
use crate::sim::{Act, Emphasis, Phase, US};

fn all_texts(app: &mut App) -> Vec<String> {
    let world = app.world_mut();
    let mut q = world.query::<&Text>();
    q.iter(world).map(|t| t.0.clone()).collect()
}

fn type_number(app: &mut App, n: u32) {
    let digits = [
        KeyCode::Digit0,
        KeyCode::Digit1,
        KeyCode::Digit2,
        KeyCode::Digit3,
        KeyCode::Digit4,
        KeyCode::Digit5,
        KeyCode::Digit6,
        KeyCode::Digit7,
        KeyCode::Digit8,
        KeyCode::Digit9,
    ];
    for c in n.to_string().chars() {
        key(app, digits[c.to_digit(10).unwrap() as usize]);
    }
}

/// The expert's game replayed from the tender's issue: the bid and every end of week go
/// through the tender screen's own buttons and keys, the rest straight to the engine.
#[test]
fn tender_result_negotiation_and_debrief_follow_the_engine() {
    let dir = TempDir::new("endgame");
    let mut app = game_app(dir.paths());
    app.world_mut().resource_mut::<Settings>().lang = Lang::En;
    let scn = app
        .world()
        .resource::<Catalog>()
        .find("tutorial")
        .expect("the tutorial is installed");
    let seed = (1..=50)
        .find(|&s| {
            crate::bots::play(scn.clone(), s, crate::bots::Policy::Expert)
                .outcome()
                .is_some_and(|o| o.is_win())
        })
        .expect("the expert wins some seed of the tutorial");
    let expert = crate::bots::play(scn.clone(), seed, crate::bots::Policy::Expert);
    let session = expert_session(scn.clone(), seed, |g| g.tender_issued());
    let done = session.game.actions().len();
    app.insert_resource(session);
    app.world_mut()
        .resource_mut::<NextState<Screen>>()
        .set(Screen::Tender);
    app.update();
    app.update();
    assert_eq!(screen(&app), Screen::Tender);
    let list = scn.file.our_company.list_price;
    assert_eq!(app.world().resource::<BidDraft>().price, list);

    // The −/+ steps move the price.
    activate(&mut app, Caption::Text("+10".into()));
    activate(&mut app, Caption::Text("−1".into()));
    assert_eq!(app.world().resource::<BidDraft>().price, list + 9);

    for act in &expert.actions()[done..] {
        if screen(&app) != Screen::Tender {
            break;
        }
        match *act {
            Act::Bid { price, emphasis } => {
                type_number(&mut app, price);
                assert_eq!(app.world().resource::<BidDraft>().price, price);
                let key = match emphasis {
                    Emphasis::Technical => "tdr.emph.technical",
                    Emphasis::Price => "tdr.emph.price",
                    Emphasis::Business => "tdr.emph.business",
                };
                activate(&mut app, Caption::Key(key));
                activate(
                    &mut app,
                    Caption::Text(format!("Submit the bid: {price} 万元")),
                );
                assert_eq!(
                    app.world().resource::<Session>().game.bid(),
                    Some(crate::sim::Bid { price, emphasis })
                );
            }
            Act::EndWeek => activate(&mut app, Caption::Key("tdr.end_week")),
            other => {
                let _ = app.world_mut().resource_mut::<Session>().act(other);
                app.update();
            }
        }
    }
    assert_eq!(screen(&app), Screen::Result);
    let g = app.world().resource::<Session>().game.clone();
    assert!(matches!(g.phase(), Phase::Negotiating));
    let lines = crate::game::screens::result::result_lines(&g);
    assert_eq!(lines.iter().find(|l| l.winner).map(|l| l.vendor), Some(US));
    let texts = all_texts(&mut app);
    assert!(
        texts.iter().any(|t| t.contains("We won the tender")),
        "{texts:?}"
    );
    assert!(texts.iter().any(|t| t.starts_with("★")));
    let ours = lines.iter().find(|l| l.vendor == US).unwrap();
    assert!(texts.contains(&format!("{:.1}", ours.total)));
    // The announced breakdown: every vendor's bid price and technical score, as the engine scored them.
    assert_eq!(g.evaluation().len(), g.scenario().vendors());
    for s in g.evaluation() {
        assert!(
            texts.contains(&s.price.to_string()),
            "price of vendor {}",
            s.vendor
        );
        assert!(texts.contains(&format!("{:.1}", s.technical)));
    }
    assert_eq!(ours.score.map(|s| s.total), Some(ours.total));

    activate(&mut app, Caption::Key("res.to_negotiation"));
    assert_eq!(screen(&app), Screen::Negotiation);
    let power = g.negotiating_power();
    assert!(all_texts(&mut app).contains(&format!(
        "{}{} {power}/6",
        "●".repeat(power as usize),
        "○".repeat(6 - power as usize)
    )));
    // The six counted sources are listed, as many held as the power says.
    let held = {
        let world = app.world_mut();
        let mut q = world.query::<&crate::game::screens::negotiation::PowerShown>();
        q.iter(world).map(|s| s.0).collect::<Vec<_>>()
    };
    assert_eq!(held.len(), 6);
    assert_eq!(held.iter().filter(|h| **h).count() as u32, power);
    // Each stance shows the engine's terms; the signed contract is what the preview said.
    let preview = g
        .negotiation_terms(crate::sim::Stance::Balanced)
        .expect("we bid");
    let shown = {
        let world = app.world_mut();
        let mut q = world.query::<(&Caption, &crate::game::screens::negotiation::StanceTerms)>();
        q.iter(world)
            .filter(|(_, s)| s.0 == crate::sim::Stance::Balanced)
            .filter_map(|(c, _)| match c {
                Caption::Text(t) => Some(t.clone()),
                _ => None,
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(shown.len(), 1);
    assert!(shown[0].contains(&preview.price.to_string()), "{shown:?}");
    activate(&mut app, Caption::Key("neg.balanced"));
    activate(&mut app, Caption::Key("neg.sign"));
    assert_eq!(screen(&app), Screen::Debrief);
    let g = app.world().resource::<Session>().game.clone();
    assert!(g.outcome().is_some_and(|o| o.is_win()));
    assert!(matches!(
        g.outcome(),
        Some(crate::sim::Outcome::Won { price, .. }) if price == preview.price
    ));

    // The total shown is the engine's.
    let total = {
        let world = app.world_mut();
        let mut q = world.query_filtered::<&Text, With<TotalShown>>();
        q.single(world).unwrap().0.clone()
    };
    assert!(
        total.contains(&format!("{:.2}", g.scorecard().total)),
        "{total}"
    );
    // Keys switch the sections; the rank chart has its legend.
    key(&mut app, KeyCode::Digit2);
    assert_eq!(app.world().resource::<DebriefView>().tab, Tab::Ranks);
    let focused = app.world().resource::<InputFocus>().get();
    assert_eq!(
        focused.and_then(|e| app.world().get::<crate::game::screens::FocusKey>(e)),
        Some(&crate::game::screens::FocusKey("tab_ranks".into())),
        "the focus follows to the opened tab"
    );
    assert!(all_texts(&mut app).iter().any(|t| t == "● true rank"));
    key(&mut app, KeyCode::Digit3);
    let first = &app
        .world()
        .resource::<DebriefView>()
        .debrief
        .clone()
        .unwrap()
        .people[0];
    assert!(all_texts(&mut app).contains(&first.name));
    // An attribute the player never recorded shows the legend's bare "—", not "× —".
    assert!(!all_texts(&mut app).iter().any(|t| t == "× —"));

    // The finished game's replay was written beside the autosave and verifies.
    let saves = app
        .world()
        .resource::<GamePaths>()
        .save_dir
        .clone()
        .expect("a save folder");
    let replay_file =
        saves
            .join("replays")
            .join(format!("{}-seed{}.json", g.scenario().id(), g.seed()));
    let replay = crate::replay::Replay::read(&replay_file).expect("replay written");
    assert!(replay.verify(g.scenario().clone()).is_ok());
    activate(&mut app, Caption::Key("dbf.export"));
    let exported = app
        .world()
        .resource::<DebriefView>()
        .exported
        .clone()
        .expect("export ran")
        .expect("export succeeded");
    assert!(exported.starts_with(&dir.0));
    let text = std::fs::read_to_string(&exported).unwrap();
    assert!(text.contains(&format!("{:.2}", g.scorecard().total)));
    assert!(text.contains("<svg"), "the printable page, charts and all");
    assert!(
        all_texts(&mut app)
            .iter()
            .any(|t| t.contains(&exported.display().to_string()))
    );
    activate(&mut app, Caption::Key("dbf.to_title"));
    assert_eq!(screen(&app), Screen::Title);
}

/// An over-budget warning appears when the typed price is above the believed budget, and a
/// refused action says why instead of changing anything.
#[test]
fn the_bid_builder_warns_above_the_believed_budget() {
    let dir = TempDir::new("overbudget");
    let mut app = game_app(dir.paths());
    app.world_mut().resource_mut::<Settings>().lang = Lang::En;
    let scn = app.world().resource::<Catalog>().find("tutorial").unwrap();
    let mut session = expert_session(scn, 1, |g| g.tender_issued());
    let believed = session.game.map().budget.unwrap_or(100);
    if session.game.map().budget.is_none() {
        let _ = session.act(Act::Believe(
            crate::sim::Fact::Key(crate::scenario::schema::KeyInfo::Budget),
            Some(crate::sim::Value::Amount(believed)),
        ));
    }
    app.insert_resource(session);
    app.world_mut()
        .resource_mut::<NextState<Screen>>()
        .set(Screen::Tender);
    app.update();
    app.update();
    type_number(&mut app, believed + 1);
    let texts = all_texts(&mut app);
    assert!(
        texts
            .iter()
            .any(|t| t.starts_with("! Above the budget you believe")),
        "{texts:?}"
    );
    type_number(&mut app, 0);
    key(&mut app, KeyCode::Backspace);
    assert_eq!(app.world().resource::<BidDraft>().price, believed + 1);
    key(&mut app, KeyCode::Escape);
    assert_eq!(screen(&app), Screen::Board);
}

// ---- one kit on every screen: focus kept across rebuilds, key scrolling, scrollbars ----

/// The control with this focus key, if the screen shows it.
fn keyed(app: &mut App, key: &str) -> Option<Entity> {
    let world = app.world_mut();
    let mut q = world.query::<(Entity, &crate::game::screens::FocusKey)>();
    q.iter(world).find(|(_, k)| k.0 == key).map(|(e, _)| e)
}

fn focused(app: &App) -> Option<Entity> {
    app.world().resource::<InputFocus>().get()
}

/// Focus the control with this key, as Tab or the arrows would.
fn focus_on(app: &mut App, key: &str) -> Entity {
    let e = keyed(app, key).unwrap_or_else(|| panic!("no control '{key}' on {:?}", screen(app)));
    app.world_mut()
        .resource_mut::<InputFocus>()
        .set(e, bevy::input_focus::FocusCause::Navigated);
    app.update();
    e
}

/// Press the focused control with Enter's event and let the screen rebuild.
fn press_focused(app: &mut App) {
    let entity = focused(app).expect("a focused control");
    app.world_mut().trigger(Activate { entity });
    for _ in 0..3 {
        app.update();
    }
}

fn go_to(app: &mut App, to: Screen) {
    app.world_mut().resource_mut::<NextState<Screen>>().set(to);
    app.update();
    app.update();
    assert_eq!(screen(app), to);
}

/// Every screen rebuilds its whole UI when the game or its own state changes: the focus
/// comes back to the same control on the board and on the end-game screens alike, and a
/// focus left on a control that is gone is cleared so the arrows start again.
#[test]
fn the_focus_survives_a_rebuild_on_every_screen() {
    let dir = TempDir::new("refocus");
    let mut app = game_app(dir.paths());
    let scn = app.world().resource::<Catalog>().find("tutorial").unwrap();

    // The board: a language change rebuilds it.
    app.insert_resource(crate::game::screens::play::expert_session(
        scn.clone(),
        7,
        4,
    ));
    go_to(&mut app, Screen::Board);
    let old = focus_on(&mut app, "plan_end_week");
    app.world_mut().resource_mut::<Settings>().lang = Lang::En;
    for _ in 0..3 {
        app.update();
    }
    let new = keyed(&mut app, "plan_end_week").unwrap();
    assert_ne!(old, new, "the board was rebuilt");
    assert_eq!(focused(&app), Some(new));

    // The tender: a price step rebuilds it around the step just pressed.
    app.insert_resource(expert_session(scn.clone(), 1, |g| g.tender_issued()));
    go_to(&mut app, Screen::Tender);
    let old = focus_on(&mut app, "plus50");
    let price = app.world().resource::<BidDraft>().price;
    press_focused(&mut app);
    assert_eq!(app.world().resource::<BidDraft>().price, price + 50);
    let new = keyed(&mut app, "plus50").unwrap();
    assert_ne!(old, new, "the tender was rebuilt");
    assert_eq!(focused(&app), Some(new));
    // Submitted, the bid button is gone: the focus is let go, and the arrows pick it up.
    focus_on(&mut app, "submit");
    press_focused(&mut app);
    assert!(app.world().resource::<Session>().game.bid().is_some());
    assert_eq!(keyed(&mut app, "submit"), None);
    // The rebuilt screen is searched for the control for a few frames before letting go.
    for _ in 0..5 {
        app.update();
    }
    assert_eq!(focused(&app), None, "no focus on a control that is gone");
    key(&mut app, KeyCode::ArrowDown);
    let now = focused(&app).expect("the arrows find a control again");
    assert!(app.world().get_entity(now).is_ok());

    // The debrief: a tab rebuilds the section, the focus stays on the tab.
    let mut over = expert_session(scn, 1, |_| false);
    assert!(over.game.is_over());
    over.selected = None;
    app.insert_resource(over);
    go_to(&mut app, Screen::Debrief);
    let old = focus_on(&mut app, "tab_people");
    press_focused(&mut app);
    assert_eq!(app.world().resource::<DebriefView>().tab, Tab::People);
    let new = keyed(&mut app, "tab_people").unwrap();
    assert_ne!(old, new, "the debrief was rebuilt");
    assert_eq!(focused(&app), Some(new));
}

mod scrolling {
    use super::*;
    use crate::game::theme::{scroll::ScrollList, widgets};
    use bevy::app::{HierarchyPropagatePlugin, PropagateSet};
    use bevy::camera::{ComputedCameraValues, RenderTargetInfo};
    use bevy::ui::ui_surface::UiSurface;
    use bevy::ui::update::propagate_ui_target_cameras;
    use bevy::ui::{
        ComputedUiRenderTargetInfo, ComputedUiTargetCamera, UiGlobalTransform, UiSystems,
        ui_layout_system,
    };
    use bevy::ui_widgets::{ScrollAreaPlugin, Scrollbar, ScrollbarPlugin, ScrollbarThumb};

    /// The game with Bevy's UI layout and the scrollbar widget on a `width`×`height` window
    /// (no renderer and no fonts: text takes no room, everything else is laid out).
    fn laid_out_app(paths: GamePaths, width: u32, height: u32) -> App {
        let mut app = App::new();
        app.add_plugins((MinimalPlugins, StatesPlugin, InputPlugin));
        app.add_plugins((
            HierarchyPropagatePlugin::<ComputedUiTargetCamera>::new(PostUpdate),
            HierarchyPropagatePlugin::<ComputedUiRenderTargetInfo>::new(PostUpdate),
        ));
        app.init_resource::<UiSurface>();
        app.init_resource::<bevy::text::FontCx>();
        app.configure_sets(
            PostUpdate,
            (
                UiSystems::Prepare,
                UiSystems::Propagate,
                UiSystems::Content,
                UiSystems::Layout,
                UiSystems::PostLayout,
            )
                .chain(),
        );
        app.configure_sets(
            PostUpdate,
            (
                PropagateSet::<ComputedUiTargetCamera>::default().in_set(UiSystems::Propagate),
                PropagateSet::<ComputedUiRenderTargetInfo>::default().in_set(UiSystems::Propagate),
            ),
        );
        app.add_systems(
            PostUpdate,
            (
                propagate_ui_target_cameras.in_set(UiSystems::Prepare),
                ui_layout_system.in_set(UiSystems::Layout),
            ),
        );
        app.add_plugins((ScrollAreaPlugin, ScrollbarPlugin));
        app.world_mut().spawn((
            Camera2d,
            Camera {
                computed: ComputedCameraValues {
                    target_info: Some(RenderTargetInfo {
                        physical_size: UVec2::new(width, height),
                        scale_factor: 1.0,
                    }),
                    ..default()
                },
                ..default()
            },
        ));
        app.insert_resource(paths);
        app.add_plugins(crate::game::plugin);
        app.update();
        app.update();
        app
    }

    /// A list's scrollbar: whether it shows, the track's height, and the thumb's height and
    /// top (logical pixels from the top of the track).
    #[derive(Debug, Clone, Copy)]
    struct Bar {
        shown: bool,
        track: f32,
        thumb: f32,
        top: f32,
    }

    fn bar_of(app: &mut App, list: Entity) -> Bar {
        let world = app.world_mut();
        let mut bars = world.query::<(&Scrollbar, &Visibility, &ComputedNode, &Children)>();
        let found: Vec<_> = bars
            .iter(world)
            .filter(|(b, ..)| b.target == list)
            .map(|(_, v, n, c)| (*v, n.size().y, c.iter().collect::<Vec<_>>()))
            .collect();
        assert_eq!(found.len(), 1, "one scrollbar per list");
        let (visibility, track, children) = found.into_iter().next().unwrap();
        let mut thumbs =
            world.query_filtered::<(&ComputedNode, &UiGlobalTransform), With<ScrollbarThumb>>();
        let (thumb_h, thumb_centre) = children
            .iter()
            .find_map(|c| thumbs.get(world, *c).ok())
            .map(|(n, t)| (n.size().y, t.translation.y))
            .expect("the scrollbar has a thumb");
        let mut nodes = world.query::<(&Scrollbar, &UiGlobalTransform)>();
        let track_centre = nodes
            .iter(world)
            .find(|(b, _)| b.target == list)
            .map(|(_, t)| t.translation.y)
            .unwrap();
        Bar {
            shown: visibility != Visibility::Hidden,
            track,
            thumb: thumb_h,
            top: (thumb_centre - thumb_h / 2.0) - (track_centre - track / 2.0),
        }
    }

    fn scroll_y(app: &App, list: Entity) -> f32 {
        app.world().get::<ScrollPosition>(list).unwrap().y
    }

    fn settle(app: &mut App) {
        for _ in 0..3 {
            app.update();
        }
    }

    /// A list longer than its box shows a scrollbar whose thumb is as long as the share of
    /// the list in view and moves with PageDown / End / Home; a list that fits shows none.
    #[test]
    fn an_overflowing_list_shows_a_scrollbar_that_follows_the_scroll() {
        const ROW: f32 = 30.0;
        let dir = TempDir::new("scrollbar");
        let mut app = laid_out_app(dir.paths(), 800, 600);
        let spawn_list = |app: &mut App, rows: usize| -> Entity {
            let mut list = Entity::PLACEHOLDER;
            app.world_mut()
                .spawn(widgets::boxed(px(300), px(400)))
                .with_children(|b| {
                    list = b
                        .spawn(widgets::scroll_column(0.0))
                        .with_children(|l| {
                            for _ in 0..rows {
                                l.spawn(Node {
                                    height: px(ROW),
                                    flex_shrink: 0.0,
                                    ..default()
                                });
                            }
                        })
                        .id();
                });
            list
        };
        let long = spawn_list(&mut app, 40);
        let short = spawn_list(&mut app, 3);
        settle(&mut app);

        let fits = bar_of(&mut app, short);
        assert!(!fits.shown, "a list that fits shows no scrollbar: {fits:?}");

        let bar = bar_of(&mut app, long);
        assert!(bar.shown, "an overflowing list shows its scrollbar");
        let visible = app.world().get::<ComputedNode>(long).unwrap().size().y;
        // The rows and, above and below them, the room kept for the focus ring.
        let content = 40.0 * ROW + 4.0 * crate::game::theme::size::FOCUS_RING;
        assert!(
            (bar.track - visible).abs() < 1.0,
            "the track runs the list's height"
        );
        let want = bar.track * visible / content;
        assert!(
            (bar.thumb - want).abs() < 1.0,
            "thumb {} ≈ track × visible ÷ total {want}",
            bar.thumb
        );
        assert!(bar.top.abs() < 0.5, "at the top: {bar:?}");

        // The title screen's button has the focus (no list holds it): PageDown scrolls every
        // list that can scroll, and the thumb follows.
        key(&mut app, KeyCode::PageDown);
        settle(&mut app);
        let y = scroll_y(&app, long);
        assert!(y > 0.0, "PageDown scrolled the long list");
        assert_eq!(
            scroll_y(&app, short),
            0.0,
            "a list that fits does not scroll"
        );
        let moved = bar_of(&mut app, long);
        let want_top = y / (content - visible) * (bar.track - bar.thumb);
        assert!(
            moved.top > 1.0 && (moved.top - want_top).abs() < 1.0,
            "the thumb moved down by the share scrolled: {moved:?}, want top {want_top}"
        );

        key(&mut app, KeyCode::End);
        settle(&mut app);
        let end = bar_of(&mut app, long);
        assert!(
            (end.top + end.thumb - end.track).abs() < 1.0,
            "End puts the thumb at the bottom: {end:?}"
        );
        key(&mut app, KeyCode::Home);
        settle(&mut app);
        assert_eq!(scroll_y(&app, long), 0.0);
        assert!(bar_of(&mut app, long).top.abs() < 0.5);
    }

    /// PageDown scrolls the board too (it used to work on the end-game screens only), and
    /// only the list that holds the keyboard focus.
    #[test]
    fn page_down_scrolls_the_list_with_the_focus_on_the_board() {
        use crate::game::dev::bench::{BENCH_SCENARIO, BENCH_WEEK};
        let dir = TempDir::new("boardkeys");
        // A short window, so the largest cast's chart overflows even without text.
        let mut app = laid_out_app(dir.paths(), 1280, 300);
        let scn = app
            .world()
            .resource::<Catalog>()
            .find(BENCH_SCENARIO)
            .unwrap();
        let s = crate::game::screens::play::expert_session(scn, 7, BENCH_WEEK);
        let (first, _) = crate::game::screens::board_org_order(&s.game)[0];
        app.insert_resource(s);
        go_to(&mut app, Screen::Board);
        settle(&mut app);
        let card = focus_on(&mut app, &format!("person{first}"));
        let chart = app.world().get::<ChildOf>(card).unwrap().parent();
        assert!(app.world().get::<ScrollList>(chart).is_some());
        let lists: Vec<Entity> = {
            let world = app.world_mut();
            let mut q = world.query_filtered::<Entity, With<ScrollList>>();
            q.iter(world).collect()
        };
        assert!(lists.len() >= 3, "the board has its three scroll lists");
        assert!(bar_of(&mut app, chart).shown, "the chart overflows");
        let before = bar_of(&mut app, chart);

        key(&mut app, KeyCode::PageDown);
        settle(&mut app);
        assert!(scroll_y(&app, chart) > 0.0, "PageDown scrolled the chart");
        assert!(bar_of(&mut app, chart).top > before.top, "and its thumb");
        for other in lists.into_iter().filter(|&l| l != chart) {
            assert_eq!(scroll_y(&app, other), 0.0, "the other lists stay put");
        }
        assert_eq!(
            focused(&app),
            Some(card),
            "scrolling leaves the focus alone"
        );
    }
}
