//! A person's sheet: what each action costs and what is left.

use super::*;
use crate::sim::Act;

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
    let expected = crate::advice::cost_preview(&session(&app).game, &Act::ColdCall(p), lang);
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
