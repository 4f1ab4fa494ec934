//! Printable debriefs and Excel-ready tables from verified replays: one HTML page per team
//! (print CSS for A4, inline SVG charts), one comparison page for a workshop, and a results
//! table as CSV. Pages come from templates (embedded defaults, or a company's own folder);
//! every text from a replay or a scenario is HTML-escaped by the template engine.

use crate::debrief::Debrief;
use crate::escape;
use crate::fsread::{self, Origin};
use crate::i18n::{Lang, tr, trf};
use crate::replay::Replay;
use crate::sim::method::BeliefStatus;
use crate::sim::score::WEIGHTS;
use crate::sim::{Fact, Game};
use minijinja::value::{Kwargs, Value};
use minijinja::{Environment, Error as TemplateError, ErrorKind};
use serde::Serialize;
use std::path::{Path, PathBuf};

/// The team page's template file name.
pub const TEAM_TEMPLATE: &str = "team.html";
/// The comparison page's template file name.
pub const COMPARE_TEMPLATE: &str = "compare.html";
/// The style sheet both pages include.
pub const STYLE_TEMPLATE: &str = "style.css";
/// The file name of the comparison page in the output folder.
pub const COMPARE_PAGE: &str = "workshop.html";
/// The file name of the results table in the output folder.
pub const RESULTS_CSV: &str = "results.csv";
/// Largest template file read from a `--templates` folder, in bytes.
pub const MAX_TEMPLATE_BYTES: u64 = 1024 * 1024;

const EMBEDDED: [(&str, &str); 3] = [
    (TEAM_TEMPLATE, include_str!("../assets/report/team.html")),
    (
        COMPARE_TEMPLATE,
        include_str!("../assets/report/compare.html"),
    ),
    (STYLE_TEMPLATE, include_str!("../assets/report/style.css")),
];

/// Why a report could not be made.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("template {name}: {reason}")]
    Template { name: String, reason: String },
    #[error("{path}: {reason}")]
    TemplateFile { path: String, reason: String },
    #[error("results table: {0}")]
    Csv(String),
}

/// The page templates: the embedded defaults, each replaceable by a file of the same name
/// in a folder.
#[derive(Debug, Clone)]
pub struct Templates {
    sources: Vec<(&'static str, String)>,
}

impl Default for Templates {
    fn default() -> Self {
        Templates {
            sources: EMBEDDED.iter().map(|(n, s)| (*n, s.to_string())).collect(),
        }
    }
}

impl Templates {
    /// The embedded templates, with `team.html`, `compare.html` and `style.css` taken from
    /// `dir` where it holds them (a symbolic link there is not followed).
    pub fn from_dir(dir: &Path) -> Result<Templates, ReportError> {
        let mut t = Templates::default();
        let mut found = 0;
        for (name, src) in &mut t.sources {
            let path = dir.join(*name);
            match fsread::read_text(&path, MAX_TEMPLATE_BYTES, Origin::FromFolder) {
                Ok(text) => {
                    *src = text;
                    found += 1;
                }
                Err(fsread::ReadError::NotFound) => {}
                Err(e) => {
                    return Err(ReportError::TemplateFile {
                        path: path.display().to_string(),
                        reason: e.to_string(),
                    });
                }
            }
        }
        if found == 0 {
            return Err(ReportError::TemplateFile {
                path: dir.display().to_string(),
                reason: format!(
                    "holds none of {TEAM_TEMPLATE}, {COMPARE_TEMPLATE}, {STYLE_TEMPLATE}"
                ),
            });
        }
        // Parse now, so a broken template is reported before any replay is read.
        t.env(Lang::En)?;
        Ok(t)
    }

    /// An environment for one language: `tr(key)` and `trf(key, name=value, ...)` look up
    /// the localisation tables; `.html` templates escape every value they print.
    fn env(&self, lang: Lang) -> Result<Environment<'static>, ReportError> {
        let mut env = Environment::new();
        for (name, src) in &self.sources {
            env.add_template_owned(*name, src.clone())
                .map_err(|e| template_error(name, &e))?;
        }
        env.add_function("tr", move |key: &str| tr(lang, key).to_string());
        env.add_function(
            "trf",
            move |key: &str, kwargs: Kwargs| -> Result<String, TemplateError> {
                let mut args: Vec<(String, String)> = Vec::new();
                for name in kwargs.args() {
                    let v: Value = kwargs.get(name)?;
                    let text = match v.as_str() {
                        Some(s) => s.to_string(),
                        None => v.to_string(),
                    };
                    args.push((name.to_string(), text));
                }
                kwargs.assert_all_used()?;
                let pairs: Vec<(&str, &str)> =
                    args.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
                Ok(trf(lang, key, &pairs))
            },
        );
        Ok(env)
    }

    /// These templates and one more (e.g. the room's projector page).
    pub fn with(mut self, name: &'static str, src: &str) -> Templates {
        self.sources.push((name, src.to_string()));
        self
    }

    /// Render template `name` in `lang` with `ctx` (every printed value HTML-escaped).
    pub fn render(
        &self,
        name: &str,
        lang: Lang,
        ctx: impl Serialize,
    ) -> Result<String, ReportError> {
        let env = self.env(lang)?;
        let tmpl = env
            .get_template(name)
            .map_err(|e| template_error(name, &e))?;
        tmpl.render(minijinja::value::Serde(ctx))
            .map_err(|e| template_error(name, &e))
    }
}

fn template_error(name: &str, e: &TemplateError) -> ReportError {
    let at = e.line().map(|l| format!(" line {l}")).unwrap_or_default();
    let reason = match e.kind() {
        ErrorKind::TemplateNotFound => "not found".to_string(),
        _ => e.to_string(),
    };
    ReportError::Template {
        name: format!("{name}{at}"),
        reason,
    }
}

/// One verified, finished game: its replay, the re-simulated game and the file it came from.
pub struct Team<'a> {
    pub replay: &'a Replay,
    pub game: &'a Game,
    /// The replay's file name (shown when the team has no name).
    pub file: String,
}

impl Team<'_> {
    /// The team's name, or its file's name without `.json` when the replay has none.
    pub fn name(&self) -> String {
        if self.replay.team.is_empty() {
            self.file.trim_end_matches(".json").to_string()
        } else {
            self.replay.team.clone()
        }
    }
}

/// The file name of a team's page: the team name's letters and digits (ASCII only) and the
/// start of the replay's digest, so two teams never share a page and no name from a replay
/// reaches the file system.
pub fn page_name(replay: &Replay) -> String {
    page_file(&replay.team, &replay.digest)
}

fn page_file(team: &str, digest: &str) -> String {
    let slug: String = team
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .take(40)
        .collect::<String>()
        .to_ascii_lowercase();
    let digest: String = digest
        .chars()
        .filter(char::is_ascii_hexdigit)
        .take(10)
        .collect();
    let slug = if slug.is_empty() { "team".into() } else { slug };
    format!("{slug}-{digest}.html")
}

/// A `file://` URL for a local path (the page's Chinese font).
pub fn file_url(path: &Path) -> String {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let s = abs.to_string_lossy().replace('\\', "/");
    let mut out = String::from("file://");
    if !s.starts_with('/') {
        out.push('/');
    }
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~:".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The shipped Chinese font the pages name in their `@font-face` (a file URL, so a page
/// printed on this machine embeds it; elsewhere the system's Chinese fonts stand in).
fn font_url() -> String {
    file_url(&font_path())
}

/// Where the shipped Chinese font lies.
pub fn font_path() -> PathBuf {
    crate::paths::assets_dir()
        .join("fonts")
        .join("wqy-microhei.ttc")
}

#[derive(Serialize)]
struct Bar {
    id: String,
    label: String,
    points: f64,
    weight: f64,
    weighted: f64,
    evidence: String,
    formula: String,
    y: f64,
    width: f64,
}

#[derive(Serialize)]
struct Tick {
    pos: f64,
    label: String,
}

#[derive(Serialize)]
struct Dot {
    x: f64,
    y: f64,
}

#[derive(Serialize)]
struct RankChart {
    width: f64,
    height: f64,
    left: f64,
    right: f64,
    top: f64,
    bottom: f64,
    true_line: String,
    true_dots: Vec<Dot>,
    /// Polylines of the believed rank, broken where no belief was recorded.
    believed_lines: Vec<String>,
    believed_dots: Vec<Dot>,
    x_ticks: Vec<Tick>,
    y_ticks: Vec<Tick>,
}

#[derive(Serialize)]
struct MapCell {
    x: f64,
    /// `right`, `wrong` or `unknown`.
    state: &'static str,
}

#[derive(Serialize)]
struct MapRow {
    y: f64,
    name: String,
    cells: Vec<MapCell>,
}

#[derive(Serialize)]
struct MapChart {
    width: f64,
    height: f64,
    cell: f64,
    columns: Vec<Tick>,
    rows: Vec<MapRow>,
}

#[derive(Serialize)]
struct GateView {
    stage: String,
    held: usize,
    total: usize,
    forced: bool,
    checks: Vec<(String, bool)>,
}

#[derive(Serialize)]
struct PersonView {
    name: String,
    title: String,
    truth: Vec<String>,
    believed: Vec<String>,
    right: u8,
    attitude: i32,
    support: String,
    planted_by: Option<String>,
    offended: bool,
}

#[derive(Serialize)]
struct TeamView {
    lang: &'static str,
    font_url: String,
    team: String,
    file: String,
    scenario: String,
    title: String,
    seed: u64,
    outcome: String,
    total: f64,
    grade: String,
    penalty: f64,
    weeks: u32,
    digest: String,
    engine: String,
    started_at: Option<String>,
    ended_at: Option<String>,
    why: Vec<String>,
    rep_type: String,
    rep_evidence: Vec<String>,
    bars: Vec<Bar>,
    score_chart_height: f64,
    rank_chart: RankChart,
    map_chart: MapChart,
    map_columns: Vec<String>,
    gates: Vec<GateView>,
    people: Vec<PersonView>,
    wrong_sources: Vec<String>,
    turning_points: Vec<(String, String)>,
    expert: Option<ExpertView>,
    /// The hidden truth the tender screen promised (budget, key information, specification,
    /// the committee seat by seat).
    truth: crate::debrief::TruthReveal,
}

#[derive(Serialize)]
struct ExpertView {
    line: String,
    people: String,
    actions: String,
}

const BAR_MAX: f64 = 300.0;
const BAR_ROW: f64 = 24.0;
const MAP_CELL: f64 = 40.0;
const MAP_LABEL: f64 = 150.0;
const MAP_COLUMNS: [&str; 5] = [
    "report.col_role",
    "report.col_circle",
    "report.col_style",
    "report.col_need",
    "report.col_allegiance",
];

fn join(lang: Lang, items: &[String]) -> String {
    items.join(if lang == Lang::Zh { "，" } else { ", " })
}

fn score_bars(d: &Debrief) -> Vec<Bar> {
    let l = d.lang;
    d.score
        .components
        .iter()
        .enumerate()
        .map(|(i, c)| Bar {
            id: c.id.clone(),
            label: tr(l, &format!("score.{}", c.id)).to_string(),
            points: round1(c.points),
            weight: c.weight,
            weighted: round1(c.points * c.weight / 100.0),
            evidence: join(
                l,
                &c.evidence
                    .iter()
                    .map(|(k, v)| {
                        format!(
                            "{} {}",
                            tr(l, k),
                            crate::sim::describe::evidence_value(l, v)
                        )
                    })
                    .collect::<Vec<_>>(),
            ),
            formula: tr(l, &format!("score.{}.formula", c.id)).to_string(),
            y: i as f64 * BAR_ROW,
            width: (c.points.clamp(0.0, 100.0) / 100.0 * BAR_MAX * 10.0).round() / 10.0,
        })
        .collect()
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// The lowest rank a chart of these weeks must show (true or believed, at least 3).
pub fn worst_rank(weeks: &[crate::sim::WeekRecord]) -> u8 {
    weeks
        .iter()
        .flat_map(|r| [Some(r.true_rank), r.believed_rank])
        .flatten()
        .max()
        .unwrap_or(1)
        .max(3)
}

fn rank_chart(d: &Debrief) -> RankChart {
    let (width, height) = (640.0, 200.0);
    let (left, right, top, bottom) = (40.0, 620.0, 16.0, 170.0);
    let n = d.ranks.len().max(1);
    let worst = worst_rank(&d.ranks);
    let x = |i: usize| {
        if n == 1 {
            (left + right) / 2.0
        } else {
            round1(left + (right - left) * i as f64 / (n - 1) as f64)
        }
    };
    let y = |rank: u8| round1(top + (bottom - top) * (rank.max(1) - 1) as f64 / (worst - 1) as f64);
    let true_dots: Vec<Dot> = d
        .ranks
        .iter()
        .enumerate()
        .map(|(i, r)| Dot {
            x: x(i),
            y: y(r.true_rank),
        })
        .collect();
    let points = |dots: &[Dot]| {
        dots.iter()
            .map(|p| format!("{},{}", p.x, p.y))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let mut believed_lines = Vec::new();
    let mut believed_dots = Vec::new();
    let mut run: Vec<Dot> = Vec::new();
    for (i, r) in d.ranks.iter().enumerate() {
        match r.believed_rank {
            Some(b) => {
                run.push(Dot { x: x(i), y: y(b) });
                believed_dots.push(Dot { x: x(i), y: y(b) });
            }
            None => {
                if run.len() > 1 {
                    believed_lines.push(points(&run));
                }
                run.clear();
            }
        }
    }
    if run.len() > 1 {
        believed_lines.push(points(&run));
    }
    // At most about twelve week labels, whatever the length of the game.
    let step = n.div_ceil(12).max(1);
    let x_ticks = d
        .ranks
        .iter()
        .enumerate()
        .filter(|(i, _)| i % step == 0 || *i == n - 1)
        .map(|(i, r)| Tick {
            pos: x(i),
            label: trf(d.lang, "report.week_short", &[("n", &r.week.to_string())]),
        })
        .collect();
    let y_ticks = (1..=worst)
        .map(|r| Tick {
            pos: y(r),
            label: r.to_string(),
        })
        .collect();
    RankChart {
        width,
        height,
        left,
        right,
        top,
        bottom,
        true_line: points(&true_dots),
        true_dots,
        believed_lines,
        believed_dots,
        x_ticks,
        y_ticks,
    }
}

fn map_chart(d: &Debrief, g: &Game) -> MapChart {
    let scn = g.scenario();
    let rows: Vec<MapRow> = d
        .people
        .iter()
        .enumerate()
        .map(|(row, p)| {
            let index = scn.people.iter().position(|x| x.id == p.id);
            let cells = (0..5)
                .map(|col| {
                    let state = match index {
                        Some(i) => {
                            let fact = [
                                Fact::Role(i),
                                Fact::Circle(i),
                                Fact::Style(i),
                                Fact::Need(i),
                                Fact::Allegiance(i),
                            ][col];
                            match g.belief_status(fact) {
                                BeliefStatus::Right => "right",
                                BeliefStatus::Wrong => "wrong",
                                _ => "unknown",
                            }
                        }
                        None => "unknown",
                    };
                    MapCell {
                        x: MAP_LABEL + col as f64 * MAP_CELL,
                        state,
                    }
                })
                .collect();
            MapRow {
                y: 28.0 + row as f64 * MAP_CELL,
                name: p.name.clone(),
                cells,
            }
        })
        .collect();
    MapChart {
        width: MAP_LABEL + 5.0 * MAP_CELL + 10.0,
        height: 28.0 + rows.len() as f64 * MAP_CELL + 4.0,
        cell: MAP_CELL,
        columns: MAP_COLUMNS
            .iter()
            .enumerate()
            .map(|(i, k)| Tick {
                pos: MAP_LABEL + i as f64 * MAP_CELL + MAP_CELL / 2.0,
                label: tr(d.lang, &k.replace("report.col_", "report.short_")).to_string(),
            })
            .collect(),
        rows,
    }
}

fn team_view(team: &Team, d: &Debrief) -> TeamView {
    let l = d.lang;
    let r = team.replay;
    let bars = score_bars(d);
    TeamView {
        lang: if l == Lang::Zh { "zh-CN" } else { "en" },
        font_url: font_url(),
        team: match team.name() {
            n if n.is_empty() => tr(l, "report.you").to_string(),
            n => n,
        },
        file: team.file.clone(),
        scenario: d.scenario.clone(),
        title: d.title.clone(),
        seed: d.seed,
        outcome: d.outcome_text.clone(),
        total: d.score.total,
        grade: d.score.grade.to_string(),
        penalty: d.score.penalty,
        weeks: r.weeks,
        digest: r.digest.chars().take(16).collect(),
        engine: r.engine_version.clone(),
        started_at: r.started_at.clone(),
        ended_at: r.ended_at.clone(),
        why: d.why.clone(),
        rep_type: tr(l, &d.rep_type.key()).to_string(),
        rep_evidence: d.rep_evidence.clone(),
        score_chart_height: bars.len() as f64 * BAR_ROW + 4.0,
        bars,
        rank_chart: rank_chart(d),
        map_chart: map_chart(d, team.game),
        map_columns: MAP_COLUMNS.iter().map(|k| tr(l, k).to_string()).collect(),
        gates: d
            .gates
            .iter()
            .map(|g| GateView {
                stage: tr(l, g.stage.key()).to_string(),
                held: g.checks.iter().filter(|c| c.1).count(),
                total: g.checks.len(),
                forced: g.forced,
                checks: g
                    .checks
                    .iter()
                    .map(|(c, ok)| (tr(l, &c.key()).to_string(), *ok))
                    .collect(),
            })
            .collect(),
        people: d
            .people
            .iter()
            .map(|p| PersonView {
                name: p.name.clone(),
                title: p.title.clone(),
                truth: p.truth.to_vec(),
                believed: p.believed.to_vec(),
                right: p.right,
                attitude: p.attitude,
                support: crate::sim::describe::word(l, "support", p.support),
                planted_by: p.planted_by.clone(),
                offended: p.offended,
            })
            .collect(),
        wrong_sources: d
            .wrong_sources
            .iter()
            .map(|w| {
                trf(
                    l,
                    "debrief.informant_line",
                    &[
                        ("who", &w.source),
                        ("wrong", &w.false_reports.to_string()),
                        ("total", &w.reports.to_string()),
                    ],
                )
            })
            .collect(),
        turning_points: d
            .turning_points
            .iter()
            .map(|t| {
                (
                    trf(l, "week.label", &[("n", &t.week.to_string())]),
                    t.text.clone(),
                )
            })
            .collect(),
        truth: d.truth.clone(),
        expert: d.expert.as_ref().map(|x| ExpertView {
            line: trf(
                l,
                "debrief.expert_line",
                &[
                    ("outcome", &x.outcome),
                    ("score", &format!("{:.2}", x.score)),
                ],
            ),
            people: join(
                l,
                &x.key_people
                    .iter()
                    .map(|(n, c)| format!("{n} ×{c}"))
                    .collect::<Vec<_>>(),
            ),
            actions: join(
                l,
                &x.actions
                    .iter()
                    .map(|(n, c)| format!("{n} ×{c}"))
                    .collect::<Vec<_>>(),
            ),
        }),
    }
}

/// A team's printable debrief page (with the expert's path on the same seed).
pub fn team_page(t: &Templates, team: &Team, lang: Lang) -> Result<String, ReportError> {
    let d = Debrief::build(team.game, lang, true);
    t.render(TEAM_TEMPLATE, lang, team_view(team, &d))
}

#[derive(Serialize)]
struct CompareRow {
    rank: usize,
    team: String,
    page: String,
    outcome: String,
    total: f64,
    grade: String,
    points: Vec<f64>,
    bar: f64,
    /// Sparkline of the true rank per week (80 × 24).
    spark: String,
}

#[derive(Serialize)]
struct CompareGroup {
    scenario: String,
    title: String,
    seed: u64,
    version: String,
    rows: Vec<CompareRow>,
}

#[derive(Serialize)]
struct CompareView {
    lang: &'static str,
    font_url: String,
    components: Vec<String>,
    groups: Vec<CompareGroup>,
}

/// Polyline points of a game's true rank per week, in an 80 × 24 box.
pub fn spark(g: &Game) -> String {
    let h = g.history();
    let n = h.len().max(2) - 1;
    let worst = h.iter().map(|r| r.true_rank).max().unwrap_or(1).max(3);
    h.iter()
        .enumerate()
        .map(|(i, r)| {
            format!(
                "{},{}",
                round1(2.0 + 76.0 * i as f64 / n as f64),
                round1(2.0 + 20.0 * (r.true_rank.max(1) - 1) as f64 / (worst - 1) as f64)
            )
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The comparison page of a workshop: teams grouped by scenario version and seed (games
/// are compared only with games of the same deal), ranked by score within each group.
pub fn compare_page(t: &Templates, teams: &[Team], lang: Lang) -> Result<String, ReportError> {
    let mut order: Vec<&Team> = teams.iter().collect();
    let key = |t: &Team| {
        (
            t.replay.scenario_id.clone(),
            t.replay.scenario_hash.clone(),
            t.replay.seed,
        )
    };
    order.sort_by(|a, b| {
        key(a)
            .cmp(&key(b))
            .then(b.replay.score.total.total_cmp(&a.replay.score.total))
            .then(a.name().cmp(&b.name()))
            .then(a.file.cmp(&b.file))
    });
    let mut groups: Vec<CompareGroup> = Vec::new();
    let mut last = None;
    for team in order {
        let k = key(team);
        if last.as_ref() != Some(&k) {
            let scn = team.game.scenario();
            groups.push(CompareGroup {
                scenario: k.0.clone(),
                title: scn.file.title.get(lang).to_string(),
                seed: k.2,
                version: k.1.chars().take(12).collect(),
                rows: Vec::new(),
            });
            last = Some(k);
        }
        let g = team.game;
        let o = g
            .outcome()
            .unwrap_or(crate::sim::Outcome::Lost(crate::sim::LossReason::NoBid));
        let score = &team.replay.score;
        if let Some(group) = groups.last_mut() {
            group.rows.push(CompareRow {
                rank: group.rows.len() + 1,
                team: match team.name() {
                    n if n.is_empty() => tr(lang, "report.you").to_string(),
                    n => n,
                },
                page: page_name(team.replay),
                outcome: crate::sim::describe::outcome(g.scenario(), o, lang),
                total: score.total,
                grade: score.grade.to_string(),
                points: score.components.iter().map(|c| round1(c.points)).collect(),
                bar: round1(score.total.clamp(0.0, 100.0) * 1.2),
                spark: spark(g),
            });
        }
    }
    let view = CompareView {
        lang: if lang == Lang::Zh { "zh-CN" } else { "en" },
        font_url: font_url(),
        components: WEIGHTS
            .iter()
            .map(|(id, _)| tr(lang, &format!("score.{id}")).to_string())
            .collect(),
        groups,
    };
    t.render(COMPARE_TEMPLATE, lang, view)
}

/// The results table: one row per team, with a UTF-8 byte order mark so that Excel in any
/// language opens it as UTF-8, and every text cell neutralised against formulas. Columns
/// are stable ids (documented in docs/exports.md); numbers stay numbers.
pub fn results_csv(teams: &[Team], lang: Lang) -> Result<Vec<u8>, ReportError> {
    let csv_err = |e: csv::Error| ReportError::Csv(e.to_string());
    let mut w = csv::Writer::from_writer(Vec::from(*b"\xEF\xBB\xBF"));
    let mut header: Vec<String> = [
        "team",
        "file",
        "scenario",
        "scenario_hash",
        "seed",
        "outcome",
        "outcome_text",
        "score",
        "grade",
        "weeks",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    header.extend(WEIGHTS.iter().map(|(id, _)| format!("points_{id}")));
    header.extend(
        ["penalty", "started_at", "ended_at", "digest"]
            .iter()
            .map(|s| s.to_string()),
    );
    w.write_record(&header).map_err(csv_err)?;
    for t in teams {
        let r = t.replay;
        let g = t.game;
        let o = g
            .outcome()
            .unwrap_or(crate::sim::Outcome::Lost(crate::sim::LossReason::NoBid));
        let text = |s: &str| escape::csv_neutral(s).into_owned();
        let mut row = vec![
            text(&t.name()),
            text(&t.file),
            text(&r.scenario_id),
            text(&r.scenario_hash),
            r.seed.to_string(),
            o.key().trim_start_matches("outcome.").to_string(),
            text(&crate::sim::describe::outcome(g.scenario(), o, lang)),
            format!("{:.2}", r.score.total),
            r.score.grade.to_string(),
            r.weeks.to_string(),
        ];
        for (id, _) in WEIGHTS {
            let p = r.score.components.iter().find(|c| c.id == id);
            row.push(p.map(|c| format!("{:.2}", c.points)).unwrap_or_default());
        }
        row.push(format!("{:.2}", r.score.penalty));
        row.push(text(r.started_at.as_deref().unwrap_or("")));
        row.push(text(r.ended_at.as_deref().unwrap_or("")));
        row.push(text(&r.digest));
        w.write_record(&row).map_err(csv_err)?;
    }
    w.into_inner()
        .map_err(|e| ReportError::Csv(e.error().to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_name_keeps_no_path_characters_from_the_team_name() {
        let digest = "abcdef0123456789";
        assert_eq!(
            page_file("../../etc/passwd <b>", digest),
            "etcpasswdb-abcdef0123.html"
        );
        assert_eq!(page_file("王五", digest), "team-abcdef0123.html");
    }

    #[test]
    fn a_file_url_percent_encodes_spaces_and_non_ascii() {
        let u = file_url(Path::new("/a b/字.ttc"));
        assert_eq!(u, "file:///a%20b/%E5%AD%97.ttc");
    }

    #[test]
    fn the_embedded_templates_parse() {
        Templates::default().env(Lang::Zh).expect("templates parse");
    }
}
