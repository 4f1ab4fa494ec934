//! Results leaving the machine as a trainer uses them: printable pages from verified
//! replays only, hostile names escaped, Excel-ready tables, a company's own templates.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sandtable"))
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
    let d = std::env::temp_dir().join(format!("sandtable-exports-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("temp dir");
    d
}

fn p(path: &Path) -> &str {
    path.to_str().expect("utf-8 path")
}

fn play(dir: &Path, file: &str, scenario: &str, policy: &str, team: &str) -> PathBuf {
    let out = dir.join(file);
    let o = run(&[
        "play",
        scenario,
        "--seed",
        "5",
        "--policy",
        policy,
        "--team",
        team,
        "--out",
        p(&out),
    ]);
    assert!(o.status.success(), "{}", text(&o));
    out
}

fn html_files(dir: &Path) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = std::fs::read_dir(dir)
        .expect("out dir")
        .map(|e| e.expect("entry").path())
        .filter(|f| f.extension().is_some_and(|x| x == "html"))
        .map(|f| {
            (
                f.file_name().expect("name").to_string_lossy().into_owned(),
                std::fs::read_to_string(&f).expect("page"),
            )
        })
        .collect();
    v.sort();
    v
}

const HOSTILE: &str = "<script>alert(1)</script>\"' 甲队";

#[test]
fn report_writes_a_page_per_team_and_a_comparison_with_every_name_escaped() {
    let dir = tmp("report");
    let a = play(&dir, "a.json", "tutorial", "expert", HOSTILE);
    let b = play(
        &dir,
        "b.json",
        "tutorial",
        "naive",
        "=HYPERLINK(\"http://x\")",
    );
    let c = play(&dir, "c.json", "gov_platform", "expert", "Team 3");
    let out = dir.join("out");
    let o = run(&[
        "report",
        p(&a),
        p(&b),
        p(&c),
        "--out",
        p(&out),
        "--lang",
        "en",
        "--csv",
    ]);
    assert!(o.status.success(), "{}", text(&o));
    let pages = html_files(&out);
    assert_eq!(pages.len(), 4, "three teams and the comparison: {pages:?}");
    for (name, html) in &pages {
        assert!(!html.contains("<script"), "{name} holds a raw script tag");
        assert!(
            !html.contains("=HYPERLINK(\"http"),
            "{name} holds a raw quote"
        );
        assert!(html.contains("<svg"), "{name} draws its charts inline");
        assert!(html.contains("@page"), "{name} has print CSS");
    }
    let team = &pages
        .iter()
        .find(|(n, _)| n.starts_with("scriptalert1script-"))
        .expect("the hostile team's page, named by its ASCII letters")
        .1;
    assert!(team.contains("&lt;script&gt;alert(1)&lt;&#x2f;script&gt;&quot;&#x27; 甲队"));
    for word in [
        "Scorecard",
        "Gates",
        "Rank in the customer",
        "Turning points",
    ] {
        assert!(team.contains(word), "the team page shows {word}");
    }
    let compare = &pages
        .iter()
        .find(|(n, _)| n == "workshop.html")
        .expect("comparison page")
        .1;
    assert_eq!(
        compare.matches("<section>").count(),
        2,
        "two scenarios: two groups"
    );
    assert!(compare.contains("Team 3"));

    let csv = std::fs::read(out.join("results.csv")).expect("results.csv");
    assert!(csv.starts_with(b"\xEF\xBB\xBF"), "a UTF-8 byte order mark");
    let csv = String::from_utf8(csv[3..].to_vec()).expect("UTF-8");
    assert!(csv.starts_with("team,file,scenario,"), "{csv}");
    assert_eq!(csv.lines().count(), 4, "{csv}");
    assert!(csv.contains("\"'=HYPERLINK(\"\"http://x\"\")\""), "{csv}");
    assert!(csv.contains("甲队"), "{csv}");
}

#[test]
fn report_refuses_edited_and_unfinished_replays_and_writes_nothing() {
    let dir = tmp("refuse");
    let good = play(&dir, "good.json", "tutorial", "expert", "A");
    let edited = dir.join("edited.json");
    let mut v: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&good).expect("replay")).expect("JSON");
    v["team"] = serde_json::json!("B");
    std::fs::write(&edited, serde_json::to_string(&v).expect("json")).expect("write");
    // Unfinished: the first week only, with the digest a forger would compute.
    let unfinished = dir.join("unfinished.json");
    let mut v: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&good).expect("replay")).expect("JSON");
    let acts = v["actions"].as_array().expect("actions").clone();
    let first_week: Vec<_> = acts
        .iter()
        .take_while(|a| a.as_str() != Some("end_week"))
        .cloned()
        .collect();
    v["actions"] = serde_json::json!(first_week);
    v["digest"] = serde_json::json!(sandtable::replay::canonical_digest(&v));
    std::fs::write(&unfinished, serde_json::to_string(&v).expect("json")).expect("write");

    let out = dir.join("out");
    let o = run(&[
        "report",
        p(&good),
        p(&edited),
        p(&unfinished),
        "--out",
        p(&out),
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let t = text(&o);
    assert!(t.contains("edited.json: the replay file was edited"), "{t}");
    assert!(t.contains("unfinished.json: game not finished"), "{t}");
    assert!(t.contains("nothing written"), "{t}");
    assert!(!out.exists(), "no page from a rejected set");
}

#[test]
fn a_company_template_folder_replaces_the_pages_and_still_escapes() {
    let dir = tmp("templates");
    let a = play(&dir, "a.json", "tutorial", "expert", HOSTILE);
    let t = dir.join("brand");
    std::fs::create_dir_all(&t).expect("dir");
    std::fs::write(
        t.join("team.html"),
        "<p>ACME {{ team }} {{ tr(\"debrief.total\") }} {{ \"%.2f\"|format(total) }}</p>",
    )
    .expect("write");
    let out = dir.join("out");
    let o = run(&[
        "report",
        p(&a),
        "--out",
        p(&out),
        "--lang",
        "zh",
        "--templates",
        p(&t),
    ]);
    assert!(o.status.success(), "{}", text(&o));
    let pages = html_files(&out);
    let team = &pages
        .iter()
        .find(|(n, _)| n != "workshop.html")
        .expect("team page")
        .1;
    assert!(team.starts_with("<p>ACME &lt;script&gt;"), "{team}");
    assert!(team.contains("总分"), "{team}");
    // The comparison page keeps the embedded template.
    assert!(
        pages
            .iter()
            .any(|(n, h)| n == "workshop.html" && h.contains("<svg"))
    );

    std::fs::write(t.join("team.html"), "{% for x in %}").expect("write");
    let o = run(&["report", p(&a), "--out", p(&out), "--templates", p(&t)]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(
        text(&o).contains("template team.html line 1"),
        "{}",
        text(&o)
    );
}
