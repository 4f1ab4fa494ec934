//! Criterion benchmarks: a full expert playthrough, one week's resolution, and load+validate.

use criterion::{Criterion, criterion_group, criterion_main};
use sandtable::bots::{Policy, play};
use sandtable::scenario;
use sandtable::sim::{Act, Game, Scenario};
use std::hint::black_box;
use std::sync::Arc;

fn standard() -> (String, Arc<Scenario>) {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/gov_platform.ron");
    let src = std::fs::read_to_string(path).expect("the standard scenario ships with the crate");
    let loaded =
        scenario::load_str("gov_platform.ron", &src).expect("the standard scenario is valid");
    let scn = Scenario::compile(loaded.file, loaded.hash).expect("compiles");
    (src, Arc::new(scn))
}

fn benches(c: &mut Criterion) {
    let (src, scn) = standard();
    let mut seed = 0u64;
    c.bench_function("expert playthrough (gov_platform)", |b| {
        b.iter(|| {
            seed += 1;
            black_box(play(scn.clone(), seed, Policy::Expert))
        })
    });
    // The engine alone: the expert's recorded actions of one game applied again, no deciding.
    let recorded: Vec<Act> = play(scn.clone(), 7, Policy::Expert).actions().to_vec();
    c.bench_function(
        "engine only: the expert's actions replayed (gov_platform)",
        |b| {
            b.iter(|| {
                let mut g = Game::new(scn.clone(), 7);
                for a in &recorded {
                    let _ = g.apply(*a);
                }
                black_box(g)
            })
        },
    );
    // A mid-game state: the expert's actions up to week 6, then time one EndWeek on a copy.
    let done = play(scn.clone(), 7, Policy::Expert);
    let mut mid = Game::new(scn.clone(), 7);
    let mut weeks = 0;
    for a in done.actions() {
        if weeks == 6 {
            break;
        }
        if *a == Act::EndWeek {
            weeks += 1;
        }
        let _ = mid.apply(*a);
    }
    c.bench_function("one week's resolution", |b| {
        b.iter_batched(
            || mid.clone(),
            |mut g| black_box(g.apply(Act::EndWeek)),
            criterion::BatchSize::SmallInput,
        )
    });
    c.bench_function("load + validate (gov_platform)", |b| {
        b.iter(|| black_box(scenario::load_str("gov_platform.ron", &src).is_ok()))
    });
}

criterion_group!(engine, benches);
criterion_main!(engine);
