use sandtable::bots::{Policy, play};
use sandtable::scenario::load::ron_options;
use sandtable::scenario::schema::ScenarioFile;
use sandtable::sim::Scenario;
use std::sync::Arc;
fn main() {
    for path in std::env::args().skip(1) {
        let src = std::fs::read_to_string(&path).unwrap();
        let file: ScenarioFile = ron_options().from_str(&src).unwrap();
        let scn = Arc::new(Scenario::compile(file, String::new()).unwrap());
        for pol in Policy::all() {
            let mut wins = 0;
            let mut score = 0.0;
            let n = 200;
            let mut walks = 0;
            for seed in 0..n {
                let g = play(scn.clone(), seed, pol);
                if g.outcome().unwrap().is_win() {
                    wins += 1
                }
                if matches!(
                    g.outcome(),
                    Some(sandtable::sim::Outcome::WalkedAway { .. })
                ) {
                    walks += 1
                }
                score += g.scorecard().total;
            }
            println!(
                "{path} {:>20} win {:>3}% walk {:>3}% score {:.1}",
                pol.name(),
                wins * 100 / n,
                walks * 100 / n,
                score / n as f64
            );
        }
    }
}
