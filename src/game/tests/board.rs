//! The board and the weeks: leaving a stage, meetings and autosave, coming back from a
//! person, giving up, a large cast, refused actions.

use super::*;
use crate::game::session;
use crate::sim::{Act, Stage};

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
            .any(|t| t.starts_with("Be sure first:") && t.contains("Found an informant or coach")),
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
    let desk = crate::advice::cost_preview(
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
    // One question asked: its own counter says so, the other questions' counters stay
    // empty, and no button's caption changes (so nothing moves under the mouse).
    let caption = label(&mut app, "approach3");
    press_through(&mut app, "approach3");
    assert_eq!(label(&mut app, "approach3"), caption, "the caption stays");
    let n = session(&app).game.actions().len();
    let b3 = beside(&mut app, "approach3");
    assert!(
        b3.contains(&"×1".to_string()),
        "{b3:?} {:?} {:?}",
        &session(&app).game.actions()[n.saturating_sub(3)..],
        session(&app).refusal
    );
    assert!(
        !beside(&mut app, "approach5")
            .iter()
            .any(|t| t.starts_with('×'))
    );
    assert!(
        beside(&mut app, "approach0")
            .iter()
            .any(|t| t.starts_with('×'))
    );
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
        end_week(&mut app);
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
        end_week(&mut app);
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
fn no_go_ends_the_game_and_goes_to_the_debrief() {
    let dir = TempDir::new("nogo");
    let mut app = game_app(dir.paths());
    start_tutorial(&mut app);
    // Before deciding, desk research can be done on the briefing, and shows what it found.
    let before = all_texts(&mut app).len();
    press_through(&mut app, "desk_research");
    assert_eq!(session(&app).game.actions(), &[Act::DeskResearch]);
    assert_eq!(screen(&app), Screen::Briefing);
    assert!(beside(&mut app, "desk_research").contains(&"×1".to_string()));
    assert!(
        all_texts(&mut app).len() > before,
        "the findings are listed"
    );
    // No-go ends the game: the first press asks, Esc calls it off, the second decides.
    press(&mut app, "no_go");
    assert_eq!(screen(&app), Screen::Briefing);
    assert!(!session(&app).game.is_over());
    key(&mut app, KeyCode::Escape);
    assert_eq!(
        screen(&app),
        Screen::Briefing,
        "Esc closes the question only"
    );
    press(&mut app, "no_go");
    press(&mut app, "no_go");
    assert_eq!(screen(&app), Screen::Debrief);
    assert!(session(&app).game.is_over());
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
        let area = ancestor_with::<ScrollArea>(&app, card).expect("the card is in a scroll area");
        let world = app.world();
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
