use sandtable::bots::{Policy, play};
use sandtable::sim::Scenario;
use std::sync::Arc;
fn main() {
    let src = std::fs::read_to_string("scenarios/gov_platform.ron").unwrap();
    let l = sandtable::scenario::load_str("g", &src).unwrap();
    let scn = Arc::new(Scenario::compile(l.file, l.hash).unwrap());
    let mut acts = 0;
    for seed in 0..300 {
        acts += play(scn.clone(), seed, Policy::Expert).actions().len();
    }
    println!("{acts}");
}
