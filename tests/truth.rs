//! The debrief keeps the tender screen's promise (the budget, the key information, the
//! specification, each evaluator's scores), every judgement has one answer on every page,
//! and a moved deadline says why.

use sandtable::bots::{Policy, play};
use sandtable::debrief::{Debrief, Verdict};
use sandtable::i18n::{Lang, tr};
use sandtable::judge::{self, Seen};
use sandtable::scenario::schema::{KeyInfo, Role};
use sandtable::sim::describe;
use sandtable::sim::{Act, Check, Fact, Game, LogKind, PowerSource, Scenario, Value};
use std::sync::Arc;

mod common;

fn shipped(id: &str) -> Arc<Scenario> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("scenarios/{id}.ron"));
    let l = sandtable::scenario::load_path(&path).expect("valid");
    Arc::new(Scenario::compile(l.file, l.hash).expect("compiles"))
}

fn games() -> Vec<Game> {
    let mut out = Vec::new();
    for id in ["gov_platform", "city_bank", "tutorial", "group_negotiated"] {
        let scn = shipped(id);
        for seed in 1..=3 {
            for policy in [Policy::Expert, Policy::Naive, Policy::Random] {
                out.push(play(scn.clone(), seed, policy));
            }
        }
    }
    out
}

#[test]
fn the_debrief_reveals_budget_key_information_specification_and_committee() {
    let g = play(shipped("gov_platform"), 2, Policy::Expert);
    assert!(!g.evaluation().is_empty(), "the bids were opened");
    for lang in [Lang::Zh, Lang::En] {
        let d = Debrief::build(&g, lang, false);
        let t = &d.truth;
        assert_eq!(t.budget, g.true_budget());
        assert!(
            t.budget_text
                .contains(&describe::money(lang, g.true_budget() as f64))
        );
        assert_eq!(t.key_info.len(), 5);
        for (k, r) in KeyInfo::ALL.iter().zip(&t.key_info) {
            let f = Fact::Key(*k);
            let want = match g.belief_status(f) {
                sandtable::sim::method::BeliefStatus::Right => Verdict::Right,
                sandtable::sim::method::BeliefStatus::Wrong => Verdict::Wrong,
                sandtable::sim::method::BeliefStatus::Guess => Verdict::Guess,
                sandtable::sim::method::BeliefStatus::Empty => Verdict::Unknown,
            };
            assert_eq!(r.verdict, want, "{k:?}");
            assert_eq!(
                r.truth,
                describe::value(g.scenario(), g.truth(f).unwrap(), lang)
            );
        }
        // Every seat is there: the outside experts and each active member, with a score
        // for every vendor; the committee's averages are the evaluation's technical scores.
        let seats: u32 = t.evaluators.iter().map(|e| e.seats).sum();
        let n = g.scenario().vendors();
        assert!(seats >= 3, "{seats}");
        for v in 0..n {
            let sum: f64 = t
                .evaluators
                .iter()
                .map(|e| e.marks[v].technical * e.seats as f64)
                .sum();
            let ev = g.evaluation()[v].technical;
            assert!(
                (sum / seats as f64 - ev).abs() < 1e-6 || ev == 0.0 || ev == 100.0,
                "{v}: {} vs {ev}",
                sum / seats as f64
            );
        }
        assert_eq!(t.results.iter().filter(|r| r.winner).count(), 1);
        let text = d.to_text();
        assert!(text.contains(tr(lang, "truth.title")));
        assert!(text.contains(&t.spec_text));
        // A member the player never met is marked so.
        for e in t.evaluators.iter().filter(|e| !e.expert) {
            let line = text
                .lines()
                .find(|l| l.trim_start().starts_with(&e.name))
                .expect("listed");
            assert_eq!(line.contains(tr(lang, "truth.never_met")), !e.met, "{line}");
        }
    }
}

#[test]
fn every_judgement_has_one_answer_in_engine_debrief_and_window() {
    for g in games() {
        let (n, of) = judge::key_people_for_us(&g);
        // The scorecard counts the same people.
        let rel = g.scorecard();
        let ev = rel
            .components
            .iter()
            .flat_map(|c| c.evidence.iter())
            .find(|(k, _)| k == "ev.favour")
            .expect("relationships evidence");
        assert_eq!(ev.1, format!("{n}/{of}"));
        // The debrief's people list agrees, as shown.
        let d = Debrief::build(&g, Lang::En, false);
        assert!(
            d.truth.key_people_text.contains(&format!("{n} of {of}")),
            "{}",
            d.truth.key_people_text
        );
        let shown = d
            .people
            .iter()
            .filter(|p| {
                let i = g
                    .scenario()
                    .people
                    .iter()
                    .position(|x| x.id == p.id)
                    .unwrap();
                judge::is_key_person(&g, i) && p.attitude >= judge::KEY_PERSON_FAVOURS
            })
            .count();
        assert_eq!(shown, n);
        // The decision maker: the gate check and the negotiating power agree.
        let dm = judge::dm_favours_us(&g, Seen::True) == Some(true);
        assert_eq!(g.check_holds(Check::DecisionMakerWon), dm);
        let power = g
            .power_sources()
            .iter()
            .find(|s| s.0 == PowerSource::DecisionMaker)
            .unwrap()
            .1;
        assert_eq!(power, dm);
        assert_eq!(d.truth.dm_favours_us, dm);
    }
}

#[test]
fn a_decision_maker_named_on_the_account_map_is_the_decision_maker_on_his_sheet() {
    let scn = shipped("gov_platform");
    let mut g = Game::new(scn.clone(), 1);
    let p = (0..scn.people.len())
        .find(|&p| g.is_visible(p))
        .expect("someone visible");
    assert_eq!(judge::believed_role(&g, p), None);
    g.apply(Act::Believe(
        Fact::Key(KeyInfo::Participants),
        Some(Value::Person(p)),
    ))
    .expect("a belief is free");
    assert_eq!(judge::believed_role(&g, p), Some(Role::DecisionMaker));
    for lang in [Lang::Zh, Lang::En] {
        let d = Debrief::build(&g, lang, false);
        let sheet = d
            .people
            .iter()
            .find(|x| x.id == scn.people[p].id)
            .expect("listed");
        assert!(
            sheet.believed[0].starts_with(&describe::word(lang, "role", Role::DecisionMaker)),
            "{:?}",
            sheet.believed
        );
    }
}

#[test]
fn a_moved_deadline_says_why_in_both_languages() {
    let scn = shipped("gov_platform");
    let mut found = false;
    for seed in 1..=60 {
        let g = play(scn.clone(), seed, Policy::Expert);
        let Some(e) = g
            .log()
            .iter()
            .find(|e| matches!(e.kind, LogKind::Rescheduled { .. }))
        else {
            continue;
        };
        let LogKind::Rescheduled { tender, bid, cause } = e.kind else {
            unreachable!()
        };
        found = true;
        for lang in [Lang::Zh, Lang::En] {
            let s = describe::log_entry(&g, e, lang, false);
            assert!(
                s.contains(&bid.0.to_string()) && s.contains(&bid.1.to_string()),
                "{s}"
            );
            if let Some((t0, t1)) = tender {
                assert!(
                    s.contains(&t0.to_string()) && s.contains(&t1.to_string()),
                    "{s}"
                );
            }
            let why = describe::delay_cause(&scn, cause, lang);
            assert!(!why.is_empty() && s.contains(&why), "{s}");
        }
        assert_eq!(g.bid_week(), bid.1.max(g.bid_week()));
        break;
    }
    assert!(found, "no seed moved the schedule: the test proves nothing");
}
