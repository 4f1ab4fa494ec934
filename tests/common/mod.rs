//! Shared helpers of the behaviour tests: loading the fixtures and driving a game.
#![allow(dead_code)]

use sandtable::scenario::load_str;
use sandtable::scenario::schema::ScenarioFile;
use sandtable::sim::{Act, Game, Illegal, LogKind, P, Scenario, V};
use std::sync::Arc;

/// The water lab (id `water_lab`): the controlled account of the behaviour tests, with the
/// people below at fixed indices.
pub const WATER_LAB: &str = include_str!("../fixtures/water_lab.ron");
/// The water lab's companion-bid trap variant (id `water_lab_trap`).
pub const WATER_LAB_TRAP: &str = include_str!("../fixtures/water_lab_trap.ron");
/// The hospital lab (id `hospital_lab`): a second controlled account, written apart from the
/// water lab, whose people the tests find by id (`boss`, `lead`, `eng1`, `clerk`, `cfo`,
/// `mole`, `buyer`).
pub const HOSPITAL_LAB: &str = include_str!("../fixtures/hospital_lab.ron");
pub const MINIMAL: &str = include_str!("../golden/validate/minimal_valid.ron");

// People of water_lab.ron, by index.
pub const DM: P = 0;
pub const TECH: P = 1;
pub const ENG1: P = 2;
pub const ENG2: P = 3;
pub const WATCHER: P = 4;
pub const CORE: P = 5;
pub const PROC: P = 6;
pub const PLANT: P = 7;
// Rivals of water_lab.ron.
pub const HENGDA: V = 1;
pub const DIJIA: V = 2;

/// Load and compile a scenario text; panics with the diagnostics when it does not load.
pub fn load(name: &str, src: &str) -> Arc<Scenario> {
    load_with(name, src, |_| {})
}

/// Load a scenario text, edit the parsed file (a controlled variant), then compile it.
pub fn load_with(name: &str, src: &str, edit: impl FnOnce(&mut ScenarioFile)) -> Arc<Scenario> {
    let loaded = match load_str(name, src) {
        Ok(l) => l,
        Err(d) => panic!("{name} does not load: {d:#?}"),
    };
    let mut file = loaded.file;
    edit(&mut file);
    Arc::new(Scenario::compile(file, loaded.hash).expect("compiles"))
}

/// `src` with `from` replaced by `to`; panics when `from` is not in it (an edit that silently
/// did nothing would leave a test asserting about the unedited scenario).
pub fn edited(src: &str, from: &str, to: &str) -> String {
    assert!(src.contains(from), "the fixture has no {from:?} to edit");
    src.replace(from, to)
}

pub fn water_lab() -> Arc<Scenario> {
    load("water_lab.ron", WATER_LAB)
}

pub fn water_lab_trap() -> Arc<Scenario> {
    load("water_lab_trap.ron", WATER_LAB_TRAP)
}

pub fn hospital_lab() -> Arc<Scenario> {
    load("hospital_lab.ron", HOSPITAL_LAB)
}

/// A scenario shipped in `scenarios/`, by id.
pub fn shipped(id: &str) -> Arc<Scenario> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("scenarios/{id}.ron"));
    let l = sandtable::scenario::load_path(&path).expect("shipped scenario is valid");
    Arc::new(Scenario::compile(l.file, l.hash).expect("compiles"))
}

/// The index of the person with this id (for fixtures whose people the tests name by id).
pub fn who(g: &Game, id: &str) -> P {
    g.scenario().person_ix(id).expect("person in fixture")
}

/// Play `acts` in order; panics naming the first illegal one.
pub fn play(g: &mut Game, acts: &[Act]) {
    for a in acts {
        if let Err(e) = g.apply(*a) {
            panic!(
                "week {}: {a:?} refused: {e} (rep {} presales {} spent {:.1})",
                g.week(),
                g.rep_days_left(),
                g.presales_days_left(),
                g.spent()
            );
        }
    }
}

/// End weeks until the game reaches `week` (or ends).
pub fn end_weeks_until(g: &mut Game, week: u32) {
    while g.week() < week && !g.is_over() {
        g.apply(Act::EndWeek).expect("end week");
    }
}

/// End weeks until the game is over (negotiating with `Balanced` if we win the tender).
pub fn finish(g: &mut Game) {
    let mut guard = 0;
    while !g.is_over() && guard < 200 {
        if matches!(g.phase(), sandtable::sim::Phase::Negotiating) {
            g.apply(Act::Negotiate(sandtable::sim::Stance::Balanced))
                .expect("negotiate");
        } else {
            g.apply(Act::EndWeek).expect("end week");
        }
        guard += 1;
    }
    assert!(g.is_over(), "game did not end");
}

/// Hidden attitude deltas logged for actions matching `pred` on their target, with the repeat count.
pub fn acted(g: &Game, pred: impl Fn(&Act) -> bool) -> Vec<(u32, f64)> {
    g.log()
        .iter()
        .filter_map(|e| match &e.kind {
            LogKind::Acted {
                act,
                reaction: Some(_),
                delta,
                repeat,
            } if pred(act) => Some((*repeat, *delta)),
            _ => None,
        })
        .collect()
}

/// A fresh game moved to the technical stage.
pub fn at_technical(scn: &Arc<Scenario>, seed: u64) -> Game {
    let mut g = Game::new(scn.clone(), seed);
    play(&mut g, &[Act::Qualify(true), Act::Advance]);
    g
}

/// A fresh game in the technical stage with these people (by id) contacted in order.
pub fn started(scn: &Arc<Scenario>, seed: u64, contacts: &[&str]) -> Game {
    let mut g = at_technical(scn, seed);
    for c in contacts {
        let p = who(&g, c);
        act_now(&mut g, Act::ColdCall(p));
    }
    g
}

pub fn mean(xs: &[f64]) -> f64 {
    if xs.is_empty() {
        0.0
    } else {
        xs.iter().sum::<f64>() / xs.len() as f64
    }
}

/// Play `a`, ending weeks while the week's days run out; panics on any other refusal.
pub fn act_now(g: &mut Game, a: Act) {
    for _ in 0..3 {
        match g.apply(a) {
            Ok(()) => return,
            Err(Illegal::NoRepDays | Illegal::NoPresalesDays) => {
                g.apply(Act::EndWeek).expect("end week")
            }
            Err(e) => panic!("week {}: {a:?} refused: {e}", g.week()),
        }
    }
    panic!("{a:?} never became affordable");
}

/// Apply `a` if it is legal now; true when it was played.
pub fn try_act(g: &mut Game, a: Act) -> bool {
    g.check(&a).is_ok() && g.apply(a).is_ok()
}

/// Warm `p` with the actions that suit his hidden style (the test knows the truth) until his
/// attitude reaches `att` and his trust `trust`, ending weeks as resources run out.
/// Returns false when `max_weeks` pass first. Contacts him (and, before the decision
/// maker, the technical lead) as needed.
pub fn warm(g: &mut Game, p: P, att: f64, trust: f64, max_weeks: u32) -> bool {
    use sandtable::scenario::schema::Style;
    use sandtable::sim::Approach::*;
    let start = g.week();
    if !g.is_contacted(TECH) && p == DM {
        act_now(g, Act::ColdCall(TECH));
    }
    if !g.is_contacted(p) {
        act_now(g, Act::ColdCall(p));
    }
    let (_, _, style, _) = g.truth_of(p);
    let plan: Vec<Act> = match style {
        Style::Analytical => vec![
            Act::Demo(p),
            Act::ReferenceVisit(p),
            Act::Meeting(p, ProbeNeeds),
            Act::Meeting(p, Rapport),
            Act::Meeting(p, Fabe),
            Act::FactoryVisit(p),
        ],
        Style::Driver => vec![
            Act::Meeting(p, Fabe),
            Act::Meeting(p, ProposeNextStep),
            Act::Meeting(p, ProbeNeeds),
            Act::Meeting(p, Rapport),
            Act::Demo(p),
        ],
        _ => vec![
            Act::Meeting(p, Rapport),
            Act::Meeting(p, ProbeNeeds),
            Act::BusinessMeal(p),
            Act::FactoryVisit(p),
        ],
    };
    while g.week() < start + max_weeks && !g.is_over() {
        if g.true_attitude(p) >= att && g.true_trust(p) >= trust {
            return true;
        }
        let mut any = false;
        for a in &plan {
            if g.true_attitude(p) >= att && g.true_trust(p) >= trust {
                return true;
            }
            // ProposeNextStep on a cold contact backfires; wait until he is warm.
            if matches!(a, Act::Meeting(_, ProposeNextStep)) && g.true_attitude(p) < 15.0 {
                continue;
            }
            any |= try_act(g, *a);
        }
        if !any {
            g.apply(Act::EndWeek).expect("end week");
        }
    }
    g.true_attitude(p) >= att && g.true_trust(p) >= trust
}

/// The method played by a test that can read the truth: win the technical lead first and
/// shape the tender, prove the product, win the owner, prepare the proposal, then bid.
pub fn work_the_account(g: &mut Game) {
    use sandtable::sim::Approach::*;
    play(g, &[Act::Qualify(true), Act::Advance]);
    warm(g, TECH, 35.0, 35.0, 4);
    let tender = g.scenario().file.project.tender_week;
    while !g.tender_issued() && !g.is_over() {
        let plan = [
            Act::ShapeTender(TECH),
            Act::Proposal,
            Act::Meeting(DM, Fabe),
            Act::Meeting(DM, ProposeNextStep),
            Act::ReferenceVisit(TECH),
            Act::Meeting(PROC, Rapport),
            Act::Meeting(CORE, Rapport),
        ];
        for p in [DM, PROC, CORE] {
            if !g.is_contacted(p) && g.is_visible(p) {
                try_act(g, Act::ColdCall(p));
            }
        }
        for a in plan {
            if matches!(a, Act::Meeting(DM, ProposeNextStep)) && g.true_attitude(DM) < 15.0 {
                continue;
            }
            if matches!(a, Act::ShapeTender(_)) && g.week() + 1 >= tender {
                continue;
            }
            try_act(g, a);
        }
        g.apply(Act::EndWeek).expect("end week");
    }
}

/// Run the built `sandtable` binary with `args`, its data root this repository.
pub fn run_cli(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_sandtable"))
        .args(args)
        .env("SANDTABLE_HOME", env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the binary runs")
}

/// What a run printed, standard output then standard error.
pub fn output_text(o: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// An empty temporary folder for one test of one suite.
pub fn fresh_dir(suite: &str, name: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("sandtable-{suite}-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("temp dir");
    d
}
