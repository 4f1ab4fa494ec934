//! The end game: tender, result, negotiation and debrief, and the bid builder.

use super::*;
use crate::game::screens::debrief::{DebriefUi, Tab, TotalShown};
use crate::game::screens::tender::{BidDraft, expert_session};
use crate::sim::{Act, Emphasis, Phase, US};

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
                let emphasis_key = match emphasis {
                    Emphasis::Technical => "tdr.emph.technical",
                    Emphasis::Price => "tdr.emph.price",
                    Emphasis::Business => "tdr.emph.business",
                };
                activate(&mut app, Caption::Key(emphasis_key));
                let submit = format!(
                    "Submit the bid: {}",
                    crate::sim::describe::money(Lang::En, price as f64)
                );
                activate(&mut app, Caption::Text(submit.clone()));
                // A bid cannot be taken back: the first press asks, Esc calls it off
                // (the screen stays), and the second press submits.
                assert_eq!(app.world().resource::<Session>().game.bid(), None);
                assert_eq!(label(&mut app, "submit"), format!("{submit}? Press again"));
                key(&mut app, KeyCode::Escape);
                assert_eq!(screen(&app), Screen::Tender, "Esc closes the question only");
                assert_eq!(label(&mut app, "submit"), submit);
                activate(&mut app, Caption::Text(submit.clone()));
                press(&mut app, "submit");
                assert_eq!(
                    app.world().resource::<Session>().game.bid(),
                    Some(crate::sim::Bid { price, emphasis })
                );
            }
            Act::EndWeek => press_through(&mut app, "end_week"),
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
    let lang = app.world().resource::<Settings>().lang;
    assert!(
        shown[0].contains(&crate::sim::describe::money(lang, preview.price as f64)),
        "{shown:?}"
    );
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
    // Keys switch the sections. The truth the tender screen promised: the true budget,
    // the key information, every evaluator's attitude and scores.
    key(&mut app, KeyCode::Digit2);
    assert_eq!(app.world().resource::<DebriefUi>().tab, Tab::Truth);
    let truth = app
        .world()
        .resource::<DebriefUi>()
        .debrief
        .clone()
        .unwrap()
        .truth
        .clone();
    let texts = all_texts(&mut app);
    assert!(texts.contains(&truth.budget_text), "{texts:?}");
    assert!(!truth.evaluators.is_empty(), "the bids were opened");
    for e in &truth.evaluators {
        assert!(
            texts.iter().any(|t| t.starts_with(&e.name)),
            "{} shown",
            e.name
        );
    }
    for k in &truth.key_info {
        assert!(texts.contains(&k.truth), "{} shown", k.kind);
    }
    // The rank chart has its legend.
    key(&mut app, KeyCode::Digit3);
    assert_eq!(app.world().resource::<DebriefUi>().tab, Tab::Ranks);
    let focused = app.world().resource::<InputFocus>().get();
    assert_eq!(
        focused.and_then(|e| app.world().get::<crate::game::screens::FocusKey>(e)),
        Some(&crate::game::screens::FocusKey("tab_ranks".into())),
        "the focus follows to the opened tab"
    );
    assert!(all_texts(&mut app).iter().any(|t| t == "● true rank"));
    key(&mut app, KeyCode::Digit4);
    let first = &app
        .world()
        .resource::<DebriefUi>()
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
        .resource::<DebriefUi>()
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
