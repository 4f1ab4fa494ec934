//! The command line as a trainer uses it: validate, play, verify, leaderboard, debrief.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_sandtable"))
}

fn run(args: &[&str]) -> Output {
    bin()
        .args(args)
        .env("SANDTABLE_HOME", env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the binary runs")
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("sandtable-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("temp dir");
    d
}

#[test]
fn validate_accepts_the_shipped_scenarios_and_rejects_a_broken_one() {
    let ok = run(&["validate", "scenarios/"]);
    assert!(ok.status.success(), "{}", text(&ok));
    assert!(
        text(&ok).contains("8 of 8 scenario files valid"),
        "{}",
        text(&ok)
    );

    let dir = tmp("validate");
    let bad = dir.join("bad.ron");
    std::fs::write(&bad, "(id: \"x\", languages: [\"zh\"],").expect("write");
    let o = run(&["validate", bad.to_str().expect("utf-8 path")]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let out = text(&o);
    assert!(
        out.contains("bad.ron:1:"),
        "errors carry file:line:col: {out}"
    );
    assert!(out.contains("error:"), "{out}");
}

#[test]
fn a_played_replay_verifies_and_an_edited_one_is_rejected() {
    let dir = tmp("verify");
    let replay = dir.join("team-a.json");
    let o = run(&[
        "play",
        "tutorial",
        "--seed",
        "5",
        "--policy",
        "expert",
        "--team",
        "A",
        "--out",
        replay.to_str().expect("path"),
    ]);
    assert!(o.status.success(), "{}", text(&o));
    let v = run(&["verify", replay.to_str().expect("path")]);
    assert!(v.status.success(), "{}", text(&v));

    // Raise the recorded score: verification must catch it.
    let json = std::fs::read_to_string(&replay).expect("replay written");
    let mut value: serde_json::Value = serde_json::from_str(&json).expect("replay is JSON");
    let total = value["score"]["total"].as_f64().expect("a total");
    value["score"]["total"] = serde_json::json!(total + 10.0);
    let edited = dir.join("edited.json");
    std::fs::write(&edited, serde_json::to_string_pretty(&value).expect("json")).expect("write");
    let v = run(&["verify", edited.to_str().expect("path")]);
    assert_eq!(v.status.code(), Some(1), "{}", text(&v));
    assert!(text(&v).contains("REJECTED"), "{}", text(&v));
}

#[test]
fn leaderboard_ranks_verified_replays_and_lists_rejected_ones() {
    let dir = tmp("board");
    for (team, policy, seed) in [
        ("Expert team", "expert", "3"),
        ("Naive team", "naive", "3"),
        ("Random team", "random", "3"),
    ] {
        let out = dir.join(format!("{}.json", team.replace(' ', "_")));
        let o = run(&[
            "play",
            "gov_platform",
            "--seed",
            seed,
            "--policy",
            policy,
            "--team",
            team,
            "--out",
            out.to_str().expect("path"),
        ]);
        assert!(o.status.success(), "{}", text(&o));
    }
    std::fs::write(dir.join("garbage.json"), "{ not a replay").expect("write");
    let o = run(&["leaderboard", dir.to_str().expect("path"), "--json"]);
    assert!(o.status.success(), "{}", text(&o));
    let rows: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON rows");
    let rows = rows.as_array().expect("an array");
    assert_eq!(rows.len(), 4);
    assert_eq!(
        rows[0]["team"], "Expert team",
        "the expert ranks first: {rows:?}"
    );
    assert_eq!(rows[0]["rank"], 1);
    let rejected: Vec<_> = rows.iter().filter(|r| !r["rejected"].is_null()).collect();
    assert_eq!(
        rejected.len(),
        1,
        "the garbage file is rejected, not ranked"
    );
    assert!(rejected[0]["rank"].is_null());

    let csv = run(&["leaderboard", dir.to_str().expect("path"), "--csv"]);
    let csv = String::from_utf8_lossy(&csv.stdout).to_string();
    assert!(csv.starts_with("rank,team,scenario"), "{csv}");
    assert_eq!(csv.lines().count(), 5);
}

#[test]
fn a_script_plays_and_a_bad_script_says_which_line() {
    let dir = tmp("script");
    let script = dir.join("walk.txt");
    std::fs::write(
        &script,
        "# qualify out at once\ndesk_research\nqualify no_go\n",
    )
    .expect("write");
    let o = run(&[
        "play",
        "companion_bid",
        "--script",
        script.to_str().expect("path"),
        "--lang",
        "en",
    ]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("Walked away in week 1"), "{}", text(&o));

    std::fs::write(&script, "desk_research\nmeeting nobody fabe\n").expect("write");
    let o = run(&[
        "play",
        "companion_bid",
        "--script",
        script.to_str().expect("path"),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o).contains("line 2: unknown stakeholder `nobody`"),
        "{}",
        text(&o)
    );
}

#[test]
fn the_debrief_speaks_both_languages() {
    let dir = tmp("debrief");
    let replay = dir.join("r.json");
    let o = run(&[
        "play",
        "tutorial",
        "--seed",
        "2",
        "--policy",
        "expert",
        "--out",
        replay.to_str().expect("path"),
    ]);
    assert!(o.status.success(), "{}", text(&o));
    let zh = run(&["debrief", replay.to_str().expect("path"), "--lang", "zh"]);
    let en = run(&["debrief", replay.to_str().expect("path"), "--lang", "en"]);
    assert!(
        text(&zh).contains("复盘") && text(&zh).contains("计分卡"),
        "{}",
        text(&zh)
    );
    assert!(
        text(&en).contains("Debrief") && text(&en).contains("Scorecard"),
        "{}",
        text(&en)
    );
    assert!(text(&en).contains("What the expert did on the same seed"));
}

#[test]
fn unknown_scenario_and_policy_get_clear_errors() {
    let o = run(&["play", "no_such_case", "--policy", "expert"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o).contains("no scenario `no_such_case`"),
        "{}",
        text(&o)
    );
    let o = run(&["simulate", "tutorial", "--policy", "genius", "--runs", "3"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("unknown policy `genius`"), "{}", text(&o));
    let _ = Path::new(".");
}
