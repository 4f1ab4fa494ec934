//! Results leaving the machine as a trainer uses them: printable pages from verified
//! replays only, hostile names escaped, Excel-ready tables, a company's own templates.

use std::path::{Path, PathBuf};

mod common;
use common::{output_text as text, run_cli as run};

fn tmp(name: &str) -> PathBuf {
    common::fresh_dir("exports", name)
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

fn roster(dir: &Path, teams: &str) -> PathBuf {
    let f = dir.join("roster.json");
    std::fs::write(
        &f,
        format!(
            r#"{{"home_page": "https://lms.example.com", "pass_grade": {{"tutorial": "B"}},
                "teams": [{teams}]}}"#
        ),
    )
    .expect("write roster");
    f
}

#[test]
fn xapi_writes_completed_and_passed_or_failed_for_each_learner_and_ids_are_stable() {
    let dir = tmp("xapi");
    let a = play(&dir, "a.json", "tutorial", "expert", "甲队");
    let b = play(&dir, "b.json", "tutorial", "naive", "Team B");
    let r = roster(
        &dir,
        r#"{"team": "甲队", "learners": [{"name": "王五", "account": "wangwu"},
                                          {"name": "李四", "account": "lisi"}]},
           {"team": "Team B", "learners": [{"name": "Ann", "account": "ann"}]}"#,
    );
    let out = dir.join("statements.json");
    let o = run(&[
        "xapi",
        p(&a),
        p(&b),
        "--roster",
        p(&r),
        "--out",
        p(&out),
        "--lang",
        "zh",
    ]);
    assert!(o.status.success(), "{}", text(&o));
    let v: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&out).expect("written")).expect("JSON");
    let s = v.as_array().expect("an array of statements");
    assert_eq!(s.len(), 6, "two verbs for each of three learners");
    let verbs: Vec<&str> = s
        .iter()
        .map(|x| x["verb"]["id"].as_str().expect("verb"))
        .collect();
    assert_eq!(
        verbs.iter().filter(|v| v.ends_with("/completed")).count(),
        3
    );
    for x in s {
        assert_eq!(x["version"], "1.0.3");
        assert_eq!(x["actor"]["objectType"], "Agent");
        assert_eq!(x["actor"]["account"]["homePage"], "https://lms.example.com");
        assert_eq!(x["result"]["score"]["min"], 0);
        assert_eq!(x["result"]["score"]["max"], 100);
        let raw = x["result"]["score"]["raw"].as_f64().expect("raw");
        let scaled = x["result"]["score"]["scaled"].as_f64().expect("scaled");
        assert!((raw / 100.0 - scaled).abs() < 1e-4);
        assert!(
            x["result"]["duration"]
                .as_str()
                .expect("duration")
                .starts_with("PT")
        );
        assert!(x["timestamp"].as_str().expect("timestamp").ends_with('Z'));
        assert_eq!(x["context"]["team"]["objectType"], "Group");
        assert_eq!(x["context"]["language"], "zh-CN");
        assert_eq!(
            x["context"]["registration"],
            s[0]["context"]["registration"]
        );
        let ext = &x["context"]["extensions"];
        assert_eq!(ext["urn:sandtable:ext:scenario-id"], "tutorial");
        assert_eq!(ext["urn:sandtable:ext:seed"], 5);
        assert_eq!(ext["urn:sandtable:ext:pass-grade"], "B");
        let id = x["id"].as_str().expect("id");
        assert_eq!(id.len(), 36);
        assert_eq!(&id[14..15], "5", "a UUIDv5: {id}");
        // success agrees with the verb and the pass mark
        let passed = x["verb"]["id"].as_str().expect("verb").ends_with("/passed");
        let failed = x["verb"]["id"].as_str().expect("verb").ends_with("/failed");
        if passed || failed {
            assert_eq!(x["result"]["success"].as_bool(), Some(passed));
        }
    }
    let ids: std::collections::BTreeSet<&str> =
        s.iter().map(|x| x["id"].as_str().expect("id")).collect();
    assert_eq!(ids.len(), 6, "every statement has its own id");

    // Written again from the same replays: the same ids, so an LRS stores nothing new.
    let again = dir.join("again.json");
    let o = run(&[
        "xapi",
        p(&a),
        p(&b),
        "--roster",
        p(&r),
        "--out",
        p(&again),
        "--lang",
        "en",
    ]);
    assert!(o.status.success(), "{}", text(&o));
    let v2: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&again).expect("written")).expect("JSON");
    let ids2: std::collections::BTreeSet<&str> = v2
        .as_array()
        .expect("array")
        .iter()
        .map(|x| x["id"].as_str().expect("id"))
        .collect();
    assert_eq!(ids, ids2);
}

#[test]
fn xapi_refuses_a_team_missing_from_the_roster() {
    let dir = tmp("xapi-missing");
    let a = play(&dir, "a.json", "tutorial", "expert", "Ghosts");
    let r = roster(
        &dir,
        r#"{"team": "Others", "learners": [{"name": "Ann", "account": "ann"}]}"#,
    );
    let out = dir.join("statements.json");
    let o = run(&["xapi", p(&a), "--roster", p(&r), "--out", p(&out)]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("team `Ghosts` has a replay but is not in the roster"));
    assert!(!out.exists());
}

/// The few JSON Schema keywords docs/leaderboard.schema.json uses: type, enum, minimum,
/// maximum, maxLength, required, additionalProperties: false.
fn check_schema(schema: &serde_json::Value, v: &serde_json::Value, at: &str) {
    use serde_json::Value as J;
    if let Some(t) = schema.get("type") {
        let types: Vec<&str> = match t {
            J::String(s) => vec![s.as_str()],
            J::Array(a) => a.iter().filter_map(|x| x.as_str()).collect(),
            _ => panic!("type at {at}"),
        };
        let ok = types.iter().any(|t| match *t {
            "string" => v.is_string(),
            "integer" => v.is_u64() || v.is_i64(),
            "number" => v.is_number(),
            "null" => v.is_null(),
            "array" => v.is_array(),
            "object" => v.is_object(),
            _ => false,
        });
        assert!(ok, "{at}: {v} is not {types:?}");
    }
    if let Some(e) = schema.get("enum") {
        assert!(
            e.as_array().expect("enum").contains(v),
            "{at}: {v} not in {e}"
        );
    }
    if let (Some(min), Some(x)) = (schema.get("minimum"), v.as_f64()) {
        assert!(x >= min.as_f64().expect("min"), "{at}");
    }
    if let (Some(max), Some(x)) = (schema.get("maximum"), v.as_f64()) {
        assert!(x <= max.as_f64().expect("max"), "{at}");
    }
    if let (Some(n), Some(s)) = (schema.get("maxLength"), v.as_str()) {
        assert!(s.chars().count() as u64 <= n.as_u64().expect("n"), "{at}");
    }
    if let Some(items) = schema.get("items") {
        for (i, x) in v.as_array().expect("array").iter().enumerate() {
            check_schema(items, x, &format!("{at}[{i}]"));
        }
    }
    if let Some(props) = schema.get("properties") {
        let obj = v.as_object().expect("object");
        let props = props.as_object().expect("properties");
        for r in schema["required"].as_array().expect("required") {
            assert!(obj.contains_key(r.as_str().expect("name")), "{at}: no {r}");
        }
        for (k, x) in obj {
            let s = props
                .get(k)
                .unwrap_or_else(|| panic!("{at}: `{k}` is not in the documented schema"));
            check_schema(s, x, &format!("{at}.{k}"));
        }
    }
}

#[test]
fn the_leaderboard_json_matches_its_documented_schema() {
    let dir = tmp("schema");
    play(&dir, "a.json", "tutorial", "expert", "A");
    play(&dir, "b.json", "tutorial", "naive", "B");
    std::fs::write(dir.join("junk.json"), "{").expect("write");
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/leaderboard.schema.json"),
        )
        .expect("schema"),
    )
    .expect("schema is JSON");
    for extra in [&[][..], &["--include-bots"][..]] {
        let mut args = vec!["leaderboard", p(&dir), "--json"];
        args.extend_from_slice(extra);
        let o = run(&args);
        assert!(o.status.success(), "{}", text(&o));
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
        assert_eq!(v.as_array().expect("rows").len(), 3);
        check_schema(&schema, &v, "rows");
    }
}
