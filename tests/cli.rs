//! The command line as a trainer uses it: validate, play, verify, leaderboard, debrief.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

mod common;
use common::{output_text as text, run_cli as run};

fn tmp(name: &str) -> PathBuf {
    common::fresh_dir("cli", name)
}

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_sandtable"))
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
    // Bots are listed with their policy, not ranked among people...
    let o = run(&["leaderboard", dir.to_str().expect("path"), "--json"]);
    assert!(o.status.success(), "{}", text(&o));
    let rows: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON rows");
    let rows = rows.as_array().expect("an array");
    assert_eq!(rows.len(), 4);
    assert!(rows.iter().all(|r| r["rank"].is_null()), "{rows:?}");
    assert_eq!(rows[0]["bot"], "expert", "{rows:?}");
    // ...unless asked.
    let o = run(&[
        "leaderboard",
        dir.to_str().expect("path"),
        "--json",
        "--include-bots",
    ]);
    let rows: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON rows");
    let rows = rows.as_array().expect("an array");
    assert_eq!(
        rows[0]["team"], "Expert team",
        "the expert ranks first: {rows:?}"
    );
    assert_eq!(rows[0]["rank"], 1);
    assert_eq!(rows[0]["group"], rows[1]["group"], "one scenario, one seed");
    let rejected: Vec<_> = rows.iter().filter(|r| !r["rejected"].is_null()).collect();
    assert_eq!(
        rejected.len(),
        1,
        "the garbage file is rejected, not ranked"
    );
    assert!(rejected[0]["rank"].is_null());

    let csv = run(&["leaderboard", dir.to_str().expect("path"), "--csv"]);
    let csv = String::from_utf8_lossy(&csv.stdout).to_string();
    assert!(
        csv.starts_with("\u{feff}group,rank,team,scenario"),
        "a byte order mark, then the header: {csv}"
    );
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

/// Run with a time limit: a command that hangs (on a FIFO, say) fails the test instead of
/// hanging it.
fn run_within(args: &[&str], secs: u64) -> Output {
    let child = bin()
        .args(args)
        .env("SANDTABLE_HOME", env!("CARGO_MANIFEST_DIR"))
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let id = child.id();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(child.wait_with_output());
    });
    match rx.recv_timeout(std::time::Duration::from_secs(secs)) {
        Ok(o) => o.expect("output"),
        Err(_) => {
            let _ = Command::new("kill").arg(id.to_string()).status();
            panic!("`sandtable {}` did not finish in {secs} s", args.join(" "));
        }
    }
}

/// Rewrite a replay file through `edit`, then give it the digest a forger would compute.
fn forge(src: &Path, dst: &Path, edit: impl FnOnce(&mut serde_json::Value)) {
    let mut v: serde_json::Value =
        serde_json::from_slice(&std::fs::read(src).expect("replay")).expect("JSON");
    edit(&mut v);
    v["digest"] = serde_json::json!(sandtable::replay::canonical_digest(&v));
    std::fs::write(dst, serde_json::to_string_pretty(&v).expect("json")).expect("write");
}

fn play_script(dir: &Path, name: &str, team: &str, seed: &str) -> PathBuf {
    // The expert's game, replayed as a team's own script.
    let bot = dir.join(format!("{name}.bot"));
    let o = run(&[
        "play",
        "tutorial",
        "--seed",
        seed,
        "--policy",
        "expert",
        "--out",
        bot.to_str().expect("path"),
    ]);
    assert!(o.status.success(), "{}", text(&o));
    let v: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&bot).expect("replay")).expect("JSON");
    std::fs::remove_file(&bot).expect("remove");
    let mut script: Vec<String> = v["actions"]
        .as_array()
        .expect("actions")
        .iter()
        .map(|a| a.as_str().expect("text").to_string())
        .collect();
    // One free belief more than the bot: a person's game, not the bot's.
    script.insert(0, "believe rank 3".into());
    let script_file = dir.join(format!("{name}.txt"));
    std::fs::write(&script_file, script.join("\n")).expect("write");
    let out = dir.join(format!("{name}.json"));
    let o = run(&[
        "play",
        "tutorial",
        "--seed",
        seed,
        "--script",
        script_file.to_str().expect("path"),
        "--team",
        team,
        "--out",
        out.to_str().expect("path"),
    ]);
    assert!(o.status.success(), "{}", text(&o));
    std::fs::remove_file(&script_file).expect("remove");
    out
}

#[cfg(unix)]
#[test]
fn a_hostile_replay_folder_is_ranked_safely() {
    let dir = tmp("hostile");
    let people = play_script(&dir, "people", "=HYPERLINK(\"http://x\")", "7");
    // A team name with a colour escape and a newline forging a REJECTED line.
    forge(&people, &dir.join("ansi.json"), |v| {
        v["team"] = serde_json::json!("\u{1b}[31mRed\nREJECTED  fake.json: forged");
        v["actions"]
            .as_array_mut()
            .expect("actions")
            .insert(0, "believe rank 2".into());
    });
    // A scenario id that is a path: never opened, never quoted.
    forge(&people, &dir.join("passwd.json"), |v| {
        v["scenario_id"] = serde_json::json!("/etc/passwd");
    });
    forge(&people, &dir.join("dotdot.json"), |v| {
        v["scenario_id"] = serde_json::json!("../../../../etc/hostname");
    });
    // A truncated game: every action before the bid, digest recomputed.
    forge(&people, &dir.join("truncated.json"), |v| {
        let acts = v["actions"].as_array_mut().expect("actions");
        let keep = acts.len() / 2;
        acts.truncate(keep);
    });
    // A bot's game with its label removed is still the bot's.
    let bot = dir.join("bot.json");
    let o = run(&[
        "play",
        "tutorial",
        "--seed",
        "7",
        "--policy",
        "expert",
        "--team",
        "Sneaky",
        "--out",
        bot.to_str().expect("path"),
    ]);
    assert!(o.status.success(), "{}", text(&o));
    forge(&bot, &bot, |v| v["policy"] = serde_json::Value::Null);
    // The same game twice.
    std::fs::copy(&people, dir.join("people_copy.json")).expect("copy");
    // A FIFO, a link to /dev/zero and a link to a good replay.
    let fifo = dir.join("fifo.json");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .expect("mkfifo")
            .success()
    );
    std::os::unix::fs::symlink("/dev/zero", dir.join("zero.json")).expect("link");
    std::os::unix::fs::symlink(&people, dir.join("link.json")).expect("link");

    let d = dir.to_str().expect("path");
    let o = run_within(&["leaderboard", d], 120);
    let out = text(&o);
    assert!(o.status.success(), "{out}");
    assert!(
        !out.contains("root:"),
        "no file the replay named is read: {out}"
    );
    assert!(
        !out.contains('\u{1b}'),
        "no raw escape reaches the terminal: {out}"
    );
    assert!(
        !out.lines().any(|l| l.starts_with("REJECTED  fake.json")),
        "a newline in a team name cannot forge a line: {out}"
    );
    for (file, reason) in [
        ("fifo.json", "a FIFO"),
        ("zero.json", "symbolic link"),
        ("link.json", "symbolic link"),
        ("passwd.json", "not a valid id"),
        ("dotdot.json", "not a valid id"),
        ("truncated.json", "game not finished"),
    ] {
        assert!(
            out.lines()
                .any(|l| l.starts_with(&format!("REJECTED  {file}: ")) && l.contains(reason)),
            "{file} rejected for `{reason}`: {out}"
        );
    }
    assert!(out.contains("bot: expert"), "{out}");
    assert!(out.contains("duplicate of people.json"), "{out}");

    let o = run_within(&["leaderboard", d, "--json"], 120);
    let rows: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON stays JSON");
    let rows = rows.as_array().expect("rows");
    let mut ranked: Vec<&str> = rows
        .iter()
        .filter(|r| !r["rank"].is_null())
        .map(|r| r["file"].as_str().expect("file"))
        .collect();
    ranked.sort();
    assert_eq!(ranked, ["ansi.json", "people.json"], "{rows:#?}");

    let o = run_within(&["leaderboard", d, "--csv"], 120);
    let csv = String::from_utf8_lossy(&o.stdout);
    assert!(csv.contains("\"'=HYPERLINK(\"\"http://x\"\")\""), "{csv}");
    assert!(!csv.contains(",\"=HYPERLINK"), "{csv}");

    // verify and play --script on a FIFO return at once with a clear error.
    let o = run_within(&["verify", fifo.to_str().expect("path")], 60);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o).contains("a FIFO"), "{}", text(&o));
    let o = run_within(
        &["play", "tutorial", "--script", fifo.to_str().expect("path")],
        60,
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o).contains("a FIFO"), "{}", text(&o));
    let o = run_within(&["validate", fifo.to_str().expect("path")], 60);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o).contains("a FIFO"), "{}", text(&o));
    let o = run_within(&["verify", "/dev/zero"], 60);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o).contains("a device"), "{}", text(&o));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn numeric_arguments_out_of_range_get_a_clear_error() {
    for runs in [
        "0",
        "100001",
        "1000000000",
        "18446744073709551615",
        "-1",
        "x",
    ] {
        let arg = format!("--runs={runs}");
        for cmd in [
            &["simulate", "tutorial", "--policy", "expert", &arg][..],
            &["balance", &arg][..],
        ] {
            let o = run_within(cmd, 60);
            assert_eq!(o.status.code(), Some(2), "{cmd:?}: {}", text(&o));
            assert!(text(&o).contains("from 1 to 100000"), "{}", text(&o));
        }
    }
    let long = "x".repeat(101);
    let o = run(&["play", "tutorial", "--policy", "expert", "--team", &long]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("at most 100 characters"), "{}", text(&o));
}

/// `sandtable advice` plays a script that stops mid-game and prints the coach's words: the
/// last move, each person's readiness, the introductions open and the grouped intel, in
/// either language; a bad line is named as `play` names it.
#[test]
fn advice_prints_the_coach_after_a_partial_script() {
    let dir = tmp("advice");
    let script = dir.join("partial.txt");
    std::fs::write(
        &script,
        "qualify go\ncold_call qian_gong\nmeeting qian_gong probe\ncold_call sun_yi\nmeeting sun_yi probe\ndevelop sun_yi\n",
    )
    .expect("write");
    let fixture = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/water_lab.ron");
    let s = script.to_str().expect("path");
    let o = run(&[
        "advice", fixture, "--script", s, "--seed", "3", "--lang", "en",
    ]);
    assert!(o.status.success(), "{}", text(&o));
    let out = text(&o);
    assert!(out.starts_with("Week 1 · Initial contact ·"), "{out}");
    assert!(
        out.contains("Last move: Develop failed: Engineer Sun is not ready — Engineer Sun cannot become a supporter: as far as you know Engineer Sun is outside the decision circle (Unaware)."),
        "{out}"
    );
    assert!(
        out.contains("Mr Zhao (General manager): Not possible now: no contact yet"),
        "{out}"
    );
    assert!(out.contains("Cold call ×1, Probe needs ×1"), "{out}");
    assert!(out.contains("Intel (this week and last)"), "{out}");
    assert!(
        out.contains("W1 Engineer Sun is not ready to commit to us yet"),
        "{out}"
    );

    let o = run(&[
        "advice", fixture, "--script", s, "--seed", "3", "--lang", "zh",
    ]);
    assert!(o.status.success(), "{}", text(&o));
    let out = text(&o);
    assert!(out.starts_with("第 1 周 · 初步接触 ·"), "{out}");
    assert!(
        out.contains("上一步：发展失败：孙工时机未到——孙工成不了支持者"),
        "{out}"
    );
    assert!(!out.contains("adv."), "{out}");

    std::fs::write(&script, "qualify go\ndevelop qian_gong\n").expect("write");
    let o = run(&["advice", fixture, "--script", s]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o).contains("action 2 `develop qian_gong` refused in week 1"),
        "{}",
        text(&o)
    );
}

/// `sandtable --join URL --team NAME` checks what was typed, and a build without the window
/// says so instead of opening nothing.
#[cfg(all(feature = "room", not(feature = "gui")))]
#[test]
fn join_checks_the_address_and_says_when_the_build_has_no_window() {
    let o = run(&[
        "--lang",
        "en",
        "--join",
        "facilitator.local",
        "--team",
        "Blue",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("is not a room address"), "{}", text(&o));
    let o = run(&["--lang", "en", "--join", "192.168.1.20", "--team", ""]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("team name"), "{}", text(&o));
    let o = run(&["--lang", "zh", "--join", "192.168.1.20", "--team", "蓝队"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("没有游戏窗口"), "{}", text(&o));
    // --team goes with --join.
    let o = run(&["--join", "192.168.1.20"]);
    assert!(!o.status.success());
    assert!(text(&o).contains("--team"), "{}", text(&o));
}
