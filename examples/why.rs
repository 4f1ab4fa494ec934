use sandtable::bots::{Policy, play};
use sandtable::scenario::load::ron_options;
use sandtable::scenario::schema::ScenarioFile;
use sandtable::sim::*;
use std::sync::Arc;
fn main() {
    let a: Vec<String> = std::env::args().collect();
    let src = std::fs::read_to_string(&a[1]).unwrap();
    let file: ScenarioFile = ron_options().from_str(&src).unwrap();
    let scn = Arc::new(Scenario::compile(file, String::new()).unwrap());
    let pol = Policy::from_name(&a[2]).unwrap();
    let mut reasons = std::collections::BTreeMap::new();
    for seed in 0..100 {
        let g = play(scn.clone(), seed, pol);
        let k = format!("{:?}", g.outcome().unwrap())
            .split(['{', '('])
            .next()
            .unwrap()
            .to_string()
            + &match g.outcome().unwrap() {
                Outcome::Lost(r) => format!("{:?}", r),
                _ => String::new(),
            };
        *reasons.entry(k).or_insert(0) += 1;
        if seed < 2 {
            println!(
                "seed {seed}: {:?} bid {:?} scores {:?} spec {:?} proof? prop {:.0}",
                g.outcome(),
                g.bid(),
                g.final_scores(),
                (0..scn.vendors()).map(|v| g.spec(v)).collect::<Vec<_>>(),
                g.proposal_quality()
            );
            for p in 0..scn.people.len() {
                println!(
                    "  {:>12} att {:>6.1} rivals {:?} trust {:.0} sup {:?} {:?}",
                    scn.people[p].id,
                    g.true_attitude(p),
                    (1..scn.vendors())
                        .map(|v| g.true_rival_attitude(p, v) as i32)
                        .collect::<Vec<_>>(),
                    g.true_trust(p),
                    g.support(p),
                    g.truth_of(p)
                );
            }
            let kinds: std::collections::BTreeMap<&str, usize> =
                g.actions().iter().fold(Default::default(), |mut m, a| {
                    *m.entry(a.kind()).or_insert(0) += 1;
                    m
                });
            println!("  actions {:?}", kinds);
            println!(
                "  ranks {:?}",
                g.history().iter().map(|h| h.true_rank).collect::<Vec<_>>()
            );
            println!(
                "  score {:?}",
                g.scorecard()
                    .components
                    .iter()
                    .map(|c| (c.id.clone(), c.points))
                    .collect::<Vec<_>>()
            );
        }
    }
    println!("{reasons:?}");
}
