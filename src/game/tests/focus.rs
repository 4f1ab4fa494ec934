//! The focus kept across rebuilds on every screen.

use super::*;
use crate::game::screens::debrief::{DebriefUi, Tab};
use crate::game::screens::tender::{BidDraft, expert_session};

/// A screen rebuilds the sections whose content changed: the focus comes back to the same
/// control on the board and on the end-game screens alike, and a focus left on a control
/// that is gone is cleared so the arrows start again.
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
    let other = match app.world().resource::<Settings>().lang {
        Lang::Zh => Lang::En,
        Lang::En => Lang::Zh,
    };
    app.world_mut().resource_mut::<Settings>().lang = other;
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
    // (A bid asks first: the focus stays on its button for the second press.)
    assert_eq!(focused(&app), keyed(&mut app, "submit"));
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
    assert_eq!(app.world().resource::<DebriefUi>().tab, Tab::People);
    let new = keyed(&mut app, "tab_people").unwrap();
    assert_ne!(old, new, "the debrief was rebuilt");
    assert_eq!(focused(&app), Some(new));
}
