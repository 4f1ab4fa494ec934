//! The headless command line: validate, play, simulate, balance, verify, leaderboard and
//! debrief. Every command drives the same engine API as the game window.

use crate::bots::{Policy, play as bot_play};
use crate::debrief::Debrief;
use crate::escape;
use crate::i18n::{Lang, tr, trf};
use crate::replay::Replay;
use crate::scenario::{
    self,
    schema::{Difficulty, Evaluation},
};
use crate::sim::*;
use clap::{Args, Subcommand};
use rayon::prelude::*;
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::sync::Arc;

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Check scenario files (or folders of them): syntax and meaning, with file:line:column errors.
    Validate {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Machine-readable output.
        #[arg(long)]
        json: bool,
    },
    /// Play one game headlessly with a script or a bot; print the scorecard and debrief.
    Play(PlayArgs),
    /// Run a bot policy over many seeds in parallel and report its results.
    Simulate {
        /// Scenario id or path to a .ron file.
        scenario: String,
        #[arg(long)]
        policy: String,
        /// Number of games, 1 to 100000.
        #[arg(long, default_value_t = 1000, value_parser = runs_arg)]
        runs: u64,
        /// First seed; runs use seed, seed+1, ...
        #[arg(long, default_value_t = 1)]
        seed: u64,
        #[arg(long)]
        json: bool,
    },
    /// Check every scenario is balanced: good play wins, random play and spam do not, cheating does not pay.
    Balance {
        /// Scenario files or folders (default: the shipped scenarios).
        paths: Vec<PathBuf>,
        /// Games per policy, 1 to 100000.
        #[arg(long, default_value_t = 1000, value_parser = runs_arg)]
        runs: u64,
        #[arg(long)]
        json: bool,
    },
    /// Re-simulate replays; fail when a recorded outcome or score does not match.
    Verify {
        #[arg(required = true)]
        replays: Vec<PathBuf>,
        /// Folder with the scenario files (default: the shipped scenarios).
        #[arg(long)]
        scenarios: Option<PathBuf>,
    },
    /// Verify every replay in a folder and rank them; unverifiable replays are listed as rejected.
    Leaderboard {
        dir: PathBuf,
        #[arg(long)]
        scenarios: Option<PathBuf>,
        #[arg(long, conflicts_with = "csv")]
        json: bool,
        #[arg(long)]
        csv: bool,
        /// Rank games identical to a built-in bot's among the teams (listed apart otherwise).
        #[arg(long)]
        include_bots: bool,
    },
    /// Write printable debrief pages (HTML, one per team, and a comparison page) from
    /// verified, finished replays; `--csv` adds a results table for Excel.
    Report {
        #[arg(required = true)]
        replays: Vec<PathBuf>,
        /// Folder the pages are written to (created when missing).
        #[arg(long)]
        out: PathBuf,
        /// Folder with a company's own `team.html`, `compare.html` or `style.css`.
        #[arg(long)]
        templates: Option<PathBuf>,
        /// Also write `results.csv` (UTF-8 with a byte order mark, one row per team).
        #[arg(long)]
        csv: bool,
        #[arg(long)]
        scenarios: Option<PathBuf>,
    },
    /// Write xAPI 1.0.3 statements (completed, passed or failed) for each learner the
    /// roster names, from verified, finished replays; `xapi push` sends them to an LRS.
    Xapi(XapiArgs),
    /// The workshop room: serve one, play bot teams against it, control it.
    #[cfg(feature = "room")]
    #[command(subcommand)]
    Room(crate::room::RoomCommand),
    /// Play a script up to any point (it need not finish the game) and print what the coach
    /// says then: the last move, each person's readiness, the introductions open, the intel.
    Advice {
        /// Scenario id or path to a .ron file.
        scenario: String,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// A script: one action a line (see docs/scripts.md).
        #[arg(long)]
        script: PathBuf,
    },
    /// Print the debrief of a replay.
    Debrief {
        replay: PathBuf,
        #[arg(long)]
        scenarios: Option<PathBuf>,
        #[arg(long)]
        json: bool,
        /// Leave out the expert's path (faster).
        #[arg(long)]
        no_expert: bool,
    },
}

#[derive(Args, Debug)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct XapiArgs {
    #[command(subcommand)]
    pub push: Option<XapiCommand>,
    #[arg(required = true)]
    pub replays: Vec<PathBuf>,
    /// JSON file mapping each team to its learners (see docs/exports.md).
    #[arg(long, required = true)]
    pub roster: Option<PathBuf>,
    /// Where the statements (a JSON array) are written.
    #[arg(long, required = true)]
    pub out: Option<PathBuf>,
    #[arg(long)]
    pub scenarios: Option<PathBuf>,
}

#[derive(Subcommand, Debug)]
pub enum XapiCommand {
    /// Send a statements file to a learning record store, in batches, keeping an outbox
    /// (`<file>.outbox`) until the LRS has acknowledged every statement. Credentials come
    /// from SANDTABLE_LRS_USER and SANDTABLE_LRS_PASSWORD or `--credentials FILE`.
    Push {
        statements: PathBuf,
        /// The LRS's xAPI endpoint, e.g. https://lrs.example.com/xAPI/ (http only on loopback).
        #[arg(long)]
        endpoint: String,
        /// File with one line `user:password`, readable only by you.
        #[arg(long)]
        credentials: Option<PathBuf>,
    },
}

#[derive(Args, Debug)]
pub struct PlayArgs {
    /// Scenario id or path to a .ron file.
    pub scenario: String,
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// A script: one action a line (see docs/scripts.md).
    #[arg(long, conflicts_with = "policy", required_unless_present = "policy")]
    pub script: Option<PathBuf>,
    /// A bot policy: random, naive, expert, cheater, passive, spam-*, price-cutter-70/78/86/94,
    /// paper-pusher, map-typist, gift-giver, last-minute, walk-away.
    #[arg(long)]
    pub policy: Option<String>,
    /// Write the replay here.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Team or player name recorded in the replay (at most 100 characters).
    #[arg(long, default_value = "", value_parser = team_arg)]
    pub team: String,
    #[arg(long)]
    pub json: bool,
}

/// Most games one `simulate` or `balance` run plays per policy: 100,000 games take about
/// 7 s on one core and keep about 30 MB of results.
pub const MAX_RUNS: u64 = 100_000;
/// Largest script read by `play --script`, in bytes.
pub const MAX_SCRIPT_BYTES: u64 = 1024 * 1024;

fn runs_arg(s: &str) -> Result<u64, String> {
    match s.parse::<u64>() {
        Ok(n) if (1..=MAX_RUNS).contains(&n) => Ok(n),
        _ => Err(format!(
            "`--runs` takes a whole number from 1 to {MAX_RUNS}"
        )),
    }
}

fn team_arg(s: &str) -> Result<String, String> {
    if s.chars().count() > crate::replay::MAX_TEAM_CHARS {
        Err(format!(
            "a team name has at most {} characters",
            crate::replay::MAX_TEAM_CHARS
        ))
    } else {
        Ok(s.to_string())
    }
}

/// A command's failure: the message and the exit code.
pub struct Failure(pub String, pub i32);

impl<E: std::fmt::Display> From<E> for Failure {
    fn from(e: E) -> Self {
        Failure(e.to_string(), 1)
    }
}

type Out = Result<(), Failure>;

/// Load a scenario named on the command line: an id (looked up in `dir` or the shipped
/// folder, by the `id` inside each file) or a path to a `.ron` file.
pub fn load_scenario(arg: &str, dir: Option<&Path>) -> Result<Arc<Scenario>, Failure> {
    if crate::replay::is_scenario_id(arg) {
        let d = dir
            .map(Path::to_path_buf)
            .unwrap_or_else(crate::paths::scenarios_dir);
        return crate::catalog::find(&crate::catalog::load_dir(&d), arg).ok_or_else(|| {
            Failure(
                format!(
                    "no scenario `{arg}` in {} (give an id or a path to a .ron file)",
                    d.display()
                ),
                1,
            )
        });
    }
    load_path(Path::new(arg))
}

fn load_found(found: &scenario::Found) -> Result<Arc<Scenario>, Failure> {
    match scenario::load_found(found) {
        Ok(l) => Scenario::compile(l.file, l.hash)
            .map(Arc::new)
            .map_err(|e| Failure(format!("{}: {e}", found.path.display()), 1)),
        Err(diags) => {
            let src = scenario::load::source_for_render(found);
            Err(Failure(scenario::render(&diags, src.as_deref()), 1))
        }
    }
}

fn load_path(path: &Path) -> Result<Arc<Scenario>, Failure> {
    load_found(&scenario::Found {
        path: path.to_path_buf(),
        origin: crate::fsread::Origin::Named,
    })
}

/// The scenarios folder for replays: the one given, or the shipped one.
fn catalog_of(dir: Option<&Path>) -> Vec<crate::catalog::Entry> {
    let d = dir
        .map(Path::to_path_buf)
        .unwrap_or_else(crate::paths::scenarios_dir);
    crate::catalog::load_dir(&d)
}

/// Print a block of text for a terminal: control characters shown escaped.
fn say(s: &str) {
    print!("{}", escape::text(s));
}

fn policy(name: &str) -> Result<Policy, Failure> {
    Policy::from_name(name).ok_or_else(|| {
        let names: Vec<&str> = Policy::all().iter().map(|p| p.name()).collect();
        Failure(
            format!(
                "unknown policy `{name}`; expected one of: {}",
                names.join(", ")
            ),
            2,
        )
    })
}

pub fn run(cmd: Command, lang: Lang) -> Out {
    match cmd {
        Command::Validate { paths, json } => {
            let r = scenario::validate_paths(&paths);
            if json {
                println!("{}", serde_json::to_string_pretty(&r.json)?);
            } else {
                say(&r.text);
            }
            if r.ok {
                Ok(())
            } else {
                Err(Failure(String::new(), 1))
            }
        }
        Command::Play(a) => play(a, lang),
        #[cfg(feature = "room")]
        Command::Room(c) => crate::room::run(c, lang).map_err(|e| Failure(e, 1)),
        Command::Simulate {
            scenario,
            policy: p,
            runs,
            seed,
            json,
        } => {
            let scn = load_scenario(&scenario, None)?;
            let stats = simulate(&scn, policy(&p)?, runs, seed);
            if json {
                println!("{}", serde_json::to_string_pretty(&stats)?);
            } else {
                println!("{}", stats.header());
                println!("{}", stats.row());
            }
            Ok(())
        }
        Command::Balance { paths, runs, json } => {
            let paths = if paths.is_empty() {
                vec![crate::paths::scenarios_dir()]
            } else {
                paths
            };
            let files =
                scenario::discover(&paths).map_err(|d| Failure(scenario::render(&[d], None), 1))?;
            let mut reports = Vec::new();
            for f in files {
                let scn = load_found(&f)?;
                reports.push(balance_in(&scn, runs, lang));
            }
            let ok = reports.iter().all(|r| r.ok);
            if json {
                println!("{}", serde_json::to_string_pretty(&reports)?);
            } else {
                for r in &reports {
                    say(&r.text_in(lang));
                }
                println!(
                    "{}",
                    crate::i18n::trf(
                        lang,
                        "bal.summary",
                        &[
                            ("ok", &reports.iter().filter(|r| r.ok).count().to_string()),
                            ("n", &reports.len().to_string()),
                        ],
                    )
                );
            }
            if ok {
                Ok(())
            } else {
                Err(Failure("balance check failed".into(), 1))
            }
        }
        Command::Verify { replays, scenarios } => {
            let catalog = catalog_of(scenarios.as_deref());
            let mut bad = 0;
            for path in &replays {
                let shown = path.display().to_string();
                match verify_with(path, crate::fsread::Origin::Named, &catalog) {
                    Ok((r, g)) => {
                        let bot = match bot_of(&r, &g) {
                            Some(p) => format!(" (a game of the `{}` bot)", escape::line(&p)),
                            None => String::new(),
                        };
                        println!(
                            "ok: {} — {} seed {} score {:.2}{bot}",
                            escape::line(&shown),
                            r.scenario_id,
                            r.seed,
                            r.score.total
                        )
                    }
                    Err(e) => {
                        bad += 1;
                        println!(
                            "REJECTED: {}: {}",
                            escape::line(&shown),
                            escape::line(&e.to_string())
                        );
                    }
                }
            }
            if bad == 0 {
                Ok(())
            } else {
                Err(Failure(
                    format!("{bad} of {} replays rejected", replays.len()),
                    1,
                ))
            }
        }
        Command::Leaderboard {
            dir,
            scenarios,
            json,
            csv,
            include_bots,
        } => leaderboard(&dir, scenarios.as_deref(), json, csv, include_bots, lang),
        Command::Report {
            replays,
            out,
            templates,
            csv,
            scenarios,
        } => report(
            &replays,
            &out,
            templates.as_deref(),
            csv,
            scenarios.as_deref(),
            lang,
        ),
        Command::Xapi(a) => xapi(a, lang),
        Command::Advice {
            scenario,
            seed,
            script,
        } => advice(&scenario, seed, &script, lang),
        Command::Debrief {
            replay,
            scenarios,
            json,
            no_expert,
        } => {
            let (_, g) = verify_one(&replay, scenarios.as_deref()).map_err(|e| {
                Failure(
                    format!(
                        "{}: {}",
                        escape::line(&replay.display().to_string()),
                        escape::line(&e.to_string())
                    ),
                    1,
                )
            })?;
            let d = Debrief::build(&g, lang, !no_expert);
            if json {
                println!("{}", serde_json::to_string_pretty(&d)?);
            } else {
                say(&d.to_text());
            }
            Ok(())
        }
    }
}

/// Verify every replay named, all or nothing: a single rejected replay stops the command
/// before anything is written, with every rejection listed.
pub fn verify_all(
    replays: &[PathBuf],
    scenarios: Option<&Path>,
) -> Result<Vec<(String, Replay, Game)>, Failure> {
    let catalog = catalog_of(scenarios);
    let mut ok = Vec::new();
    let mut bad = Vec::new();
    for path in replays {
        match verify_with(path, crate::fsread::Origin::Named, &catalog) {
            Ok((r, g)) => ok.push((file_name(path), r, g)),
            Err(e) => bad.push(format!(
                "REJECTED: {}: {}",
                escape::line(&path.display().to_string()),
                escape::line(&e.to_string())
            )),
        }
    }
    if bad.is_empty() {
        Ok(ok)
    } else {
        bad.push(format!(
            "{} of {} replays rejected; nothing written (only verified, finished games are exported)",
            bad.len(),
            replays.len()
        ));
        Err(Failure(bad.join("\n"), 1))
    }
}

fn report(
    replays: &[PathBuf],
    out: &Path,
    templates: Option<&Path>,
    csv: bool,
    scenarios: Option<&Path>,
    lang: Lang,
) -> Out {
    use crate::report::{self as rep, Team, Templates};
    let t = match templates {
        Some(d) => Templates::from_dir(d)?,
        None => Templates::default(),
    };
    let games = verify_all(replays, scenarios)?;
    let teams: Vec<Team> = games
        .iter()
        .map(|(file, r, g)| Team {
            replay: r,
            game: g,
            file: file.clone(),
        })
        .collect();
    let pages: Vec<(String, String)> = teams
        .par_iter()
        .map(|team| Ok((rep::page_name(team.replay), rep::team_page(&t, team, lang)?)))
        .collect::<Result<_, rep::ReportError>>()?;
    let mut files = pages;
    files.push((
        rep::COMPARE_PAGE.to_string(),
        rep::compare_page(&t, &teams, lang)?,
    ));
    let mut written = Vec::new();
    for (name, html) in &files {
        written.push((name.clone(), html.as_bytes().to_vec()));
    }
    if csv {
        written.push((
            rep::RESULTS_CSV.to_string(),
            rep::results_csv(&teams, lang)?,
        ));
    }
    for (name, bytes) in &written {
        let path = out.join(name);
        crate::paths::write_atomic(&path, bytes).map_err(|e| {
            Failure(
                format!("{}: {e}", escape::line(&path.display().to_string())),
                1,
            )
        })?;
        println!(
            "{}",
            trf(
                lang,
                "cli.wrote",
                &[("path", &escape::line(&path.display().to_string()))]
            )
        );
    }
    Ok(())
}

fn xapi(a: XapiArgs, lang: Lang) -> Out {
    if let Some(XapiCommand::Push {
        statements,
        endpoint,
        credentials,
    }) = a.push
    {
        return push(&statements, &endpoint, credentials.as_deref());
    }
    let (Some(roster), Some(out)) = (a.roster, a.out) else {
        return Err(Failure("give --roster FILE and --out FILE".into(), 2));
    };
    let roster = crate::xapi::Roster::read(&roster)?;
    let games = verify_all(&a.replays, a.scenarios.as_deref())?;
    let pairs: Vec<(&Replay, &Game)> = games.iter().map(|(_, r, g)| (r, g)).collect();
    let statements = crate::xapi::statements(&pairs, &roster, lang)?;
    for t in &roster.teams {
        if !games.iter().any(|(_, r, _)| r.team == t.team) {
            eprintln!(
                "note: roster team `{}` has no replay here",
                escape::line(&t.team)
            );
        }
    }
    let mut bytes = serde_json::to_vec_pretty(&statements)?;
    bytes.push(b'\n');
    crate::paths::write_atomic(&out, &bytes).map_err(|e| {
        Failure(
            format!("{}: {e}", escape::line(&out.display().to_string())),
            1,
        )
    })?;
    println!(
        "{}",
        trf(
            lang,
            "cli.wrote_statements",
            &[
                ("n", &statements.len().to_string()),
                ("games", &games.len().to_string()),
                ("path", &escape::line(&out.display().to_string())),
            ],
        )
    );
    Ok(())
}

/// `xapi push`: resume from the outbox when an earlier push left one, else send the file.
#[cfg(feature = "lrs")]
fn push(statements: &Path, endpoint: &str, credentials: Option<&Path>) -> Out {
    use crate::lrs;
    lrs::check_endpoint(endpoint)?;
    let creds = lrs::Credentials::load(credentials)?;
    let http = lrs::Http::new(endpoint, &creds)?;
    let outbox = lrs::outbox_of(statements);
    let pending = match lrs::read_outbox(&outbox)? {
        Some(p) => {
            println!(
                "resuming: {} statements left in {}",
                p.len(),
                escape::line(&outbox.display().to_string())
            );
            p
        }
        None => {
            let bytes = crate::fsread::read_limited(
                statements,
                256 * 1024 * 1024,
                crate::fsread::Origin::Named,
            )
            .map_err(|e| Failure(format!("{}: {e}", statements.display()), 1))?;
            serde_json::from_slice(&bytes)
                .map_err(|e| Failure(format!("{}: {e}", statements.display()), 1))?
        }
    };
    let total = pending.len();
    let done = lrs::push(&http, pending, &outbox, std::time::Duration::from_secs(1))?;
    println!(
        "{total} statements: {} stored, {} already in the LRS",
        done.sent, done.already
    );
    Ok(())
}

#[cfg(not(feature = "lrs"))]
fn push(_: &Path, _: &str, _: Option<&Path>) -> Out {
    Err(Failure(
        "this sandtable was built without the `lrs` feature: it cannot send statements".into(),
        1,
    ))
}

fn play(a: PlayArgs, lang: Lang) -> Out {
    let started = crate::stamp::now();
    let scn = load_scenario(&a.scenario, None)?;
    let (g, pol) = match (&a.script, &a.policy) {
        (Some(path), _) => {
            let text =
                crate::fsread::read_text(path, MAX_SCRIPT_BYTES, crate::fsread::Origin::Named)
                    .map_err(|e| Failure(format!("{}: {e}", path.display()), 1))?;
            let acts = crate::sim::script::parse_script(&scn, &text)
                .map_err(|e| Failure(format!("{}: {e}", path.display()), 1))?;
            let mut g = Game::new(scn.clone(), a.seed);
            for (i, act) in acts.iter().enumerate() {
                if g.is_over() {
                    return Err(Failure(
                        format!(
                            "{}: action {} comes after the game is over",
                            path.display(),
                            i + 1
                        ),
                        1,
                    ));
                }
                g.apply(*act).map_err(|e| {
                    Failure(
                        format!(
                            "{}: action {} `{}` refused in week {}: {e}",
                            path.display(),
                            i + 1,
                            crate::sim::script::format_act(&scn, act),
                            g.week()
                        ),
                        1,
                    )
                })?;
            }
            if !g.is_over() {
                return Err(Failure(
                    format!(
                        "{}: the script ends in week {} before the game is over (play up to the bid, or `walk_away`)",
                        path.display(),
                        g.week()
                    ),
                    1,
                ));
            }
            (g, None)
        }
        (None, Some(p)) => (bot_play(scn.clone(), a.seed, policy(p)?), Some(p.as_str())),
        (None, None) => return Err(Failure("give --script FILE or --policy NAME".into(), 2)),
    };
    let replay = Replay::record(&g, &a.team, pol).with_times(started, crate::stamp::now());
    if let Some(out) = &a.out {
        crate::paths::write_atomic(out, replay.to_json().as_bytes())
            .map_err(|e| Failure(format!("{}: {e}", out.display()), 1))?;
    }
    let d = Debrief::build(&g, lang, true);
    if a.json {
        #[derive(Serialize)]
        struct PlayJson<'a> {
            replay: &'a Replay,
            debrief: &'a Debrief,
        }
        println!(
            "{}",
            serde_json::to_string_pretty(&PlayJson {
                replay: &replay,
                debrief: &d
            })?
        );
    } else {
        say(&d.to_text());
    }
    Ok(())
}

/// `sandtable advice`: play the script's actions (stopping at its end, wherever that is)
/// and print the coach's view of the game at that point.
fn advice(scenario: &str, seed: u64, path: &Path, lang: Lang) -> Out {
    let scn = load_scenario(scenario, None)?;
    let text = crate::fsread::read_text(path, MAX_SCRIPT_BYTES, crate::fsread::Origin::Named)
        .map_err(|e| Failure(format!("{}: {e}", path.display()), 1))?;
    let acts = crate::sim::script::parse_script(&scn, &text)
        .map_err(|e| Failure(format!("{}: {e}", path.display()), 1))?;
    let mut g = Game::new(scn.clone(), seed);
    for (i, act) in acts.iter().enumerate() {
        g.apply(*act).map_err(|e| {
            Failure(
                format!(
                    "{}: action {} `{}` refused in week {}: {e}",
                    path.display(),
                    i + 1,
                    crate::sim::script::format_act(&scn, act),
                    g.week()
                ),
                1,
            )
        })?;
    }
    say(&crate::advice::report(&g, lang));
    Ok(())
}

/// Verify one replay named on the command line against its scenario, found by id and hash
/// in the scenarios folder (`scenarios`, or the shipped one).
pub fn verify_one(
    path: &Path,
    scenarios: Option<&Path>,
) -> Result<(Replay, Game), crate::replay::VerifyError> {
    verify_with(path, crate::fsread::Origin::Named, &catalog_of(scenarios))
}

fn verify_with(
    path: &Path,
    origin: crate::fsread::Origin,
    catalog: &[crate::catalog::Entry],
) -> Result<(Replay, Game), crate::replay::VerifyError> {
    let r = Replay::read_from(path, origin)?;
    let g = r.verify_in(catalog)?;
    Ok((r, g))
}

/// The bot behind a verified game: the policy it declares, or the built-in bot whose game
/// on the same seed is identical (a declared label is only a claim; the actions are proof).
fn bot_of(r: &Replay, g: &Game) -> Option<String> {
    if let Some(p) = &r.policy {
        return Some(p.clone());
    }
    crate::replay::bot_twin(g).map(|p| p.name().to_string())
}

#[derive(Serialize)]
struct BoardRow {
    /// Scenario id, version and seed: games are ranked only against their group.
    group: Option<String>,
    rank: Option<usize>,
    team: String,
    file: String,
    scenario: String,
    scenario_hash: String,
    seed: Option<u64>,
    outcome: String,
    score: Option<f64>,
    grade: Option<char>,
    /// The bot policy, when a bot played (declared or identical to a built-in bot's game).
    bot: Option<String>,
    /// The file holding the same game (same scenario version, seed and actions), listed first.
    duplicate_of: Option<String>,
    rejected: Option<String>,
    #[serde(skip)]
    actions: Vec<String>,
}

impl BoardRow {
    fn ranked(&self, include_bots: bool) -> bool {
        self.rejected.is_none()
            && self.duplicate_of.is_none()
            && (include_bots || self.bot.is_none())
    }
}

fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn rejected_row(file: String, reason: String) -> BoardRow {
    BoardRow {
        group: None,
        rank: None,
        team: String::new(),
        file,
        scenario: String::new(),
        scenario_hash: String::new(),
        seed: None,
        outcome: String::new(),
        score: None,
        grade: None,
        bot: None,
        duplicate_of: None,
        rejected: Some(reason),
        actions: Vec::new(),
    }
}

fn leaderboard(
    dir: &Path,
    scenarios: Option<&Path>,
    json: bool,
    csv: bool,
    include_bots: bool,
    lang: Lang,
) -> Out {
    let scan = crate::fsread::scan_dir(dir, "json").map_err(|e| {
        Failure(
            format!("{}: {e}", escape::line(&dir.display().to_string())),
            1,
        )
    })?;
    let catalog = catalog_of(scenarios);
    let mut rows: Vec<BoardRow> = scan
        .files
        .iter()
        .map(|f| {
            let file = file_name(f);
            match verify_with(f, crate::fsread::Origin::FromFolder, &catalog) {
                Ok((r, g)) => BoardRow {
                    group: Some(format!(
                        "{} v{} {} seed {}",
                        r.scenario_id,
                        g.scenario().file.version,
                        r.scenario_hash.get(..12).unwrap_or(&r.scenario_hash),
                        r.seed
                    )),
                    rank: None,
                    team: if r.team.is_empty() {
                        file.trim_end_matches(".json").to_string()
                    } else {
                        r.team.clone()
                    },
                    file,
                    scenario: r.scenario_id.clone(),
                    scenario_hash: r.scenario_hash.clone(),
                    seed: Some(r.seed),
                    outcome: r.outcome.key().trim_start_matches("outcome.").to_string(),
                    score: Some(r.score.total),
                    grade: Some(r.score.grade),
                    bot: bot_of(&r, &g),
                    duplicate_of: None,
                    rejected: None,
                    actions: r.actions,
                },
                Err(e) => rejected_row(file, e.to_string()),
            }
        })
        .collect();
    rows.extend(
        scan.skipped
            .iter()
            .map(|s| rejected_row(file_name(&s.path), s.reason.clone())),
    );
    // A duplicate (same scenario version, seed and actions) counts once: the first file by
    // name keeps its place, the others point at it.
    for i in 0..rows.len() {
        if rows[i].rejected.is_some() {
            continue;
        }
        if let Some(first) = rows[..i].iter().find(|o| {
            o.rejected.is_none()
                && o.duplicate_of.is_none()
                && o.scenario_hash == rows[i].scenario_hash
                && o.seed == rows[i].seed
                && o.actions == rows[i].actions
        }) {
            rows[i].duplicate_of = Some(first.file.clone());
        }
    }
    rows.sort_by(|a, b| {
        a.rejected
            .is_some()
            .cmp(&b.rejected.is_some())
            .then(a.group.cmp(&b.group))
            .then(b.ranked(include_bots).cmp(&a.ranked(include_bots)))
            .then(b.score.unwrap_or(0.0).total_cmp(&a.score.unwrap_or(0.0)))
            .then(a.team.cmp(&b.team))
            .then(a.file.cmp(&b.file))
    });
    let mut last_group = None;
    let mut n = 0;
    for r in rows.iter_mut().filter(|r| r.ranked(include_bots)) {
        if last_group.as_ref() != Some(&r.group) {
            last_group = Some(r.group.clone());
            n = 0;
        }
        n += 1;
        r.rank = Some(n);
    }
    if json {
        println!("{}", serde_json::to_string_pretty(&rows)?);
    } else if csv {
        print_csv(&rows)?;
    } else {
        print_board(&rows, include_bots, lang);
    }
    Ok(())
}

/// The leaderboard as CSV for Excel: a UTF-8 byte order mark (so that Chinese names open
/// right in any Excel), quoting by the `csv` crate, text cells neutralised against
/// formulas, numbers left numbers.
fn print_csv(rows: &[BoardRow]) -> Out {
    use std::io::Write;
    let t = |s: &str| escape::csv_neutral(s).into_owned();
    let mut w = csv::Writer::from_writer(Vec::from(*b"\xEF\xBB\xBF"));
    w.write_record([
        "group",
        "rank",
        "team",
        "scenario",
        "scenario_hash",
        "seed",
        "outcome",
        "score",
        "grade",
        "bot",
        "duplicate_of",
        "file",
        "rejected",
    ])?;
    for r in rows {
        w.write_record([
            t(r.group.as_deref().unwrap_or("")),
            r.rank.map(|x| x.to_string()).unwrap_or_default(),
            t(&r.team),
            t(&r.scenario),
            t(&r.scenario_hash),
            r.seed.map(|x| x.to_string()).unwrap_or_default(),
            t(&r.outcome),
            r.score.map(|s| format!("{s:.2}")).unwrap_or_default(),
            r.grade.map(|g| g.to_string()).unwrap_or_default(),
            t(r.bot.as_deref().unwrap_or("")),
            t(r.duplicate_of.as_deref().unwrap_or("")),
            t(&r.file),
            t(r.rejected.as_deref().unwrap_or("")),
        ])?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| Failure(e.error().to_string(), 1))?;
    std::io::stdout().write_all(&bytes)?;
    Ok(())
}

fn print_board(rows: &[BoardRow], include_bots: bool, lang: Lang) {
    let l = |s: &str| escape::line(s).into_owned();
    let mut group: Option<&Option<String>> = None;
    for r in rows.iter().filter(|r| r.rejected.is_none()) {
        if group != Some(&r.group) {
            group = Some(&r.group);
            // The group is an identifier (`<id> v<n> <hash> seed <n>`, see the JSON); only
            // its word "seed" is the reader's.
            let seed = format!(" {} ", tr(lang, "lb.seed"));
            println!(
                "\n== {} ==",
                r.group
                    .as_deref()
                    .map(|g| l(g).replacen(" seed ", &seed, 1))
                    .unwrap_or_default()
            );
            println!(
                "{:>4}  {:<20} {:<12} {:>7} {:>5}",
                tr(lang, "lb.rank"),
                tr(lang, "lb.team"),
                tr(lang, "lb.outcome"),
                tr(lang, "lb.score"),
                tr(lang, "lb.grade")
            );
        }
        let rank = r.rank.map(|x| x.to_string()).unwrap_or_else(|| "-".into());
        let mut note = String::new();
        if let Some(b) = &r.bot {
            note.push_str("  ");
            note.push_str(&trf(lang, "lb.bot", &[("policy", &l(b))]));
            if !include_bots {
                note.push_str(tr(lang, "lb.not_ranked"));
            }
        }
        if let Some(d) = &r.duplicate_of {
            note.push_str("  ");
            note.push_str(&trf(lang, "lb.duplicate", &[("file", &l(d))]));
        }
        println!(
            "{:>4}  {:<20} {:<12} {:>7.2} {:>5}{note}",
            rank,
            l(&r.team),
            tr(lang, &format!("outcome.{}", r.outcome)),
            r.score.unwrap_or(0.0),
            r.grade.unwrap_or('-')
        );
    }
    for r in rows.iter().filter(|r| r.rejected.is_some()) {
        println!(
            "{}  {}: {}",
            tr(lang, "lb.rejected"),
            l(&r.file),
            l(r.rejected.as_deref().unwrap_or(""))
        );
    }
}

/// Results of one policy over many seeds.
#[derive(Debug, Clone, Serialize)]
pub struct SimStats {
    pub scenario: String,
    pub policy: String,
    pub runs: u64,
    pub win_rate: f64,
    /// Share of runs won at a margin of at least half the scenario's target margin (what
    /// the balance gate counts as a win under lowest compliant price).
    pub win_margin_rate: f64,
    pub walk_rate: f64,
    pub disqualified_rate: f64,
    pub score_mean: f64,
    pub score_p10: f64,
    pub score_p50: f64,
    pub score_p90: f64,
    pub weeks_mean: f64,
    /// The people this policy acted on most (ids), most first.
    pub key_people: Vec<String>,
    /// The action kinds this policy used most, most first.
    pub top_actions: Vec<String>,
    /// The persuasion actions it used most on one person ("person: action"), most first:
    /// which person is the key and which action opens him.
    pub openings: Vec<String>,
}

impl SimStats {
    pub fn header(&self) -> String {
        format!(
            "{:<20} {:>6} {:>6} {:>6} {:>6} {:>7} {:>6} {:>6} {:>6} {:>6}",
            "policy", "runs", "win%", "mwin%", "walk%", "mean", "p10", "p50", "p90", "weeks"
        )
    }
    pub fn row(&self) -> String {
        format!(
            "{:<20} {:>6} {:>6.1} {:>6.1} {:>6.1} {:>7.2} {:>6.1} {:>6.1} {:>6.1} {:>6.1}",
            self.policy,
            self.runs,
            self.win_rate * 100.0,
            self.win_margin_rate * 100.0,
            self.walk_rate * 100.0,
            self.score_mean,
            self.score_p10,
            self.score_p50,
            self.score_p90,
            self.weeks_mean
        )
    }
}

/// Play `runs` games with seeds `seed..seed+runs` in parallel; results do not depend on
/// the number of threads.
pub fn simulate(scn: &Arc<Scenario>, pol: Policy, runs: u64, seed: u64) -> SimStats {
    struct One {
        win: bool,
        win_at_margin: bool,
        walk: bool,
        dq: bool,
        score: f64,
        weeks: u32,
        targets: Vec<u32>,
        kinds: Vec<(&'static str, u32)>,
        pairs: Vec<(usize, &'static str, u32)>,
    }
    let n_people = scn.people.len();
    let half_target = scn.file.project.target_margin / 2.0;
    let results: Vec<One> = (0..runs)
        .into_par_iter()
        .map(|i| {
            let g = bot_play(scn.clone(), seed.wrapping_add(i), pol);
            let o = g.outcome();
            let mut targets = vec![0u32; n_people];
            let mut kinds: Vec<(&'static str, u32)> = Vec::new();
            let mut pairs: Vec<(usize, &'static str, u32)> = Vec::new();
            for a in g.actions() {
                if matches!(a, Act::Believe(..) | Act::EndWeek) {
                    continue;
                }
                if let Some(p) = a.target() {
                    targets[p] += 1;
                    let routine = matches!(
                        a,
                        Act::ColdCall(_)
                            | Act::Develop(_)
                            | Act::ShapeTender(_)
                            | Act::Introduction { .. }
                            | Act::Meeting(
                                _,
                                Approach::ProbeNeeds
                                    | Approach::AskInfo(_)
                                    | Approach::WhereDoWeStand
                            )
                    );
                    if !routine {
                        match pairs.iter_mut().find(|x| x.0 == p && x.1 == a.kind()) {
                            Some(x) => x.2 += 1,
                            None => pairs.push((p, a.kind(), 1)),
                        }
                    }
                }
                match kinds.iter_mut().find(|k| k.0 == a.kind()) {
                    Some(k) => k.1 += 1,
                    None => kinds.push((a.kind(), 1)),
                }
            }
            One {
                win: o.is_some_and(|o| o.is_win()),
                win_at_margin: matches!(o, Some(Outcome::Won { margin, .. }) if margin >= half_target),
                walk: matches!(o, Some(Outcome::WalkedAway { .. })),
                dq: matches!(o, Some(Outcome::Disqualified { .. })),
                score: g.scorecard().total,
                weeks: g.week(),
                targets,
                kinds,
                pairs,
            }
        })
        .collect();
    let n = results.len().max(1) as f64;
    let mut scores: Vec<f64> = results.iter().map(|r| r.score).collect();
    scores.sort_by(f64::total_cmp);
    let pct = |q: f64| -> f64 {
        if scores.is_empty() {
            0.0
        } else {
            scores[((scores.len() - 1) as f64 * q).round() as usize]
        }
    };
    let mut targets = vec![0u64; n_people];
    let mut kinds: Vec<(&'static str, u64)> = Vec::new();
    for r in &results {
        for (p, c) in r.targets.iter().enumerate() {
            targets[p] += *c as u64;
        }
        for (k, c) in &r.kinds {
            match kinds.iter_mut().find(|x| x.0 == *k) {
                Some(x) => x.1 += *c as u64,
                None => kinds.push((k, *c as u64)),
            }
        }
    }
    let mut pairs: Vec<(usize, &'static str, u64)> = Vec::new();
    for r in &results {
        for (p, k, c) in &r.pairs {
            match pairs.iter_mut().find(|x| x.0 == *p && x.1 == *k) {
                Some(x) => x.2 += *c as u64,
                None => pairs.push((*p, k, *c as u64)),
            }
        }
    }
    pairs.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(&b.0)).then(a.1.cmp(b.1)));
    let mut order: Vec<usize> = (0..n_people).filter(|&p| targets[p] > 0).collect();
    order.sort_by(|&a, &b| targets[b].cmp(&targets[a]).then(a.cmp(&b)));
    kinds.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    SimStats {
        scenario: scn.id().to_string(),
        policy: pol.name().to_string(),
        runs,
        win_rate: results.iter().filter(|r| r.win).count() as f64 / n,
        win_margin_rate: results.iter().filter(|r| r.win_at_margin).count() as f64 / n,
        walk_rate: results.iter().filter(|r| r.walk).count() as f64 / n,
        disqualified_rate: results.iter().filter(|r| r.dq).count() as f64 / n,
        score_mean: (scores.iter().sum::<f64>() / n * 100.0).round() / 100.0,
        score_p10: pct(0.1),
        score_p50: pct(0.5),
        score_p90: pct(0.9),
        weeks_mean: results.iter().map(|r| r.weeks as f64).sum::<f64>() / n,
        key_people: order
            .into_iter()
            .take(3)
            .map(|p| scn.people[p].id.clone())
            .collect(),
        top_actions: kinds.into_iter().take(4).map(|k| k.0.to_string()).collect(),
        openings: pairs
            .into_iter()
            .take(3)
            .map(|(p, k, _)| format!("{}: {k}", scn.people[p].id))
            .collect(),
    }
}

/// A scenario's balance report.
#[derive(Debug, Clone, Serialize)]
pub struct BalanceReport {
    pub scenario: String,
    pub trap: bool,
    pub runs: u64,
    pub stats: Vec<SimStats>,
    /// Lines that inform without judging (which price-cutter variant was judged).
    pub notes: Vec<String>,
    /// Each rule with whether it held.
    pub checks: Vec<(String, bool)>,
    pub ok: bool,
}

impl BalanceReport {
    pub fn text(&self) -> String {
        self.text_in(Lang::En)
    }

    /// The report as text, its own words in `lang` (the gate's lines are in the language
    /// the report was made in).
    pub fn text_in(&self, lang: Lang) -> String {
        let t = |key: &str, args: &[(&str, &str)]| crate::i18n::trf(lang, key, args);
        let mut s = t(
            if self.trap {
                "bal.head_trap"
            } else {
                "bal.head"
            },
            &[
                ("scenario", &self.scenario),
                ("runs", &self.runs.to_string()),
            ],
        );
        s.push('\n');
        if let Some(first) = self.stats.first() {
            s.push_str(&first.header());
            s.push('\n');
        }
        for st in &self.stats {
            s.push_str(&st.row());
            s.push('\n');
        }
        if let Some(x) = self.stats.iter().find(|s| s.policy == "expert") {
            s.push_str(&t(
                "bal.expert_path",
                &[
                    ("people", &x.key_people.join(", ")),
                    ("actions", &x.top_actions.join(", ")),
                    ("openings", &x.openings.join(", ")),
                ],
            ));
            s.push('\n');
        }
        for n in &self.notes {
            s.push_str(&format!("  {n}\n"));
        }
        for (c, ok) in &self.checks {
            s.push_str(&format!("  [{}] {c}\n", if *ok { "ok" } else { "FAIL" }));
        }
        s.push('\n');
        s
    }
}

/// What the balance gate needs to know of a scenario, all public: the tutorial has its own
/// lines, a trap its own, and under lowest compliant price a win counts only at a margin.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GateKind {
    pub tutorial: bool,
    pub trap: bool,
    /// `Some(target margin)` when the evaluation is lowest compliant price.
    pub lowest_price_target: Option<f64>,
}

impl GateKind {
    pub fn of(scn: &Scenario) -> GateKind {
        let f = &scn.file;
        GateKind {
            tutorial: f.difficulty == Difficulty::Tutorial || f.id == "tutorial",
            trap: f.trap,
            lowest_price_target: (f.project.evaluation == Evaluation::LowestCompliantPrice)
                .then_some(f.project.target_margin),
        }
    }

    /// A policy's wins as the gate counts them: under lowest compliant price only those at
    /// a margin of at least half the target (a price war is no win).
    pub fn counted_wins(&self, s: &SimStats) -> f64 {
        if self.lowest_price_target.is_some() {
            s.win_margin_rate
        } else {
            s.win_rate
        }
    }
}

/// The balance gate's lines on one scenario's statistics (every policy of
/// [`Policy::all`]), and notes that inform without judging.
///
/// Every scenario but the tutorial: the expert wins ≥ 60% (not on a trap); no method-less
/// policy wins more than 10% (the price-cutter judged on its best variant: most counted
/// wins, ties by mean score); the expert's mean beats every method-less policy's (each
/// price-cutter variant included) by ≥ 20 points; the blind walk-away's mean is ≤ 25
/// except on a trap; on a trap the expert walks away ≥ 80% and the blind walk-away's mean
/// is ≥ 20 below the expert's. The tutorial: the expert wins ≥ 80%, no method-less policy
/// more than 25%, random ≤ 15%. Everywhere: the cheater's mean is below the expert's.
pub fn gate(kind: GateKind, stats: &[SimStats]) -> (Vec<String>, Vec<(String, bool)>) {
    gate_in(kind, stats, Lang::En)
}

/// [`gate`] with its lines in `lang`.
pub fn gate_in(
    kind: GateKind,
    stats: &[SimStats],
    lang: Lang,
) -> (Vec<String>, Vec<(String, bool)>) {
    let t = |key: &str, args: &[(&str, &str)]| crate::i18n::trf(lang, key, args);
    let get = |name: &str| {
        stats
            .iter()
            .find(|s| s.policy == name)
            .unwrap_or_else(|| panic!("the gate needs the {name} policy's statistics"))
    };
    let policy = |s: &SimStats| Policy::from_name(&s.policy);
    let (expert, cheater, walk) = (get("expert"), get("cheater"), get("walk-away"));
    let pct = |x: f64| format!("{:.1}%", x * 100.0);
    let mut notes = Vec::new();
    let mut checks = Vec::new();

    // The price-cutter's best variant: most counted wins, ties by mean score (the first
    // variant on a full tie).
    let cutters = stats
        .iter()
        .filter(|s| matches!(policy(s), Some(Policy::PriceCutter(_))));
    let mut best_cut: Option<&SimStats> = None;
    for s in cutters {
        let better = best_cut.is_none_or(|b| {
            let (w, bw) = (kind.counted_wins(s), kind.counted_wins(b));
            w > bw || w == bw && s.score_mean > b.score_mean
        });
        if better {
            best_cut = Some(s);
        }
    }
    if let Some(b) = best_cut {
        notes.push(t(
            "bal.best_cut",
            &[
                ("policy", &b.policy),
                ("wins", &pct(b.win_rate)),
                ("counted", &pct(kind.counted_wins(b))),
                ("mean", &format!("{:.2}", b.score_mean)),
            ],
        ));
    }
    // Judged on wins: the best price-cutter variant and every other method-less policy.
    let judged = stats.iter().filter(|s| {
        policy(s).is_some_and(|p| p.is_method_less())
            && (!matches!(policy(s), Some(Policy::PriceCutter(_)))
                || best_cut.is_some_and(|b| b.policy == s.policy))
    });
    let limit = if kind.tutorial { 0.25 } else { 0.10 };
    let counted = match kind.lowest_price_target {
        Some(m) => t("bal.at_margin", &[("m", &format!("{:.1}%", m * 50.0))]),
        None => String::new(),
    };
    let (expert_min, expert_text) = if kind.tutorial {
        (0.8, "80%")
    } else {
        (0.6, "60%")
    };
    if !kind.trap {
        checks.push((
            t(
                "bal.expert_wins",
                &[("min", expert_text), ("got", &pct(expert.win_rate))],
            ),
            expert.win_rate >= expert_min,
        ));
    }
    for s in judged {
        let w = kind.counted_wins(s);
        let raw = if kind.lowest_price_target.is_some() {
            t("bal.any_margin", &[("pct", &pct(s.win_rate))])
        } else {
            String::new()
        };
        checks.push((
            t(
                "bal.wins",
                &[
                    ("policy", &s.policy),
                    ("counted", &counted),
                    ("limit", &pct(limit)),
                    ("got", &pct(w)),
                    ("raw", &raw),
                ],
            ),
            w <= limit,
        ));
    }
    if kind.tutorial {
        let random = get("random");
        checks.push((
            t("bal.random", &[("got", &pct(random.win_rate))]),
            random.win_rate <= 0.15,
        ));
    } else {
        // Every method-less policy, each price-cutter variant included: a trainee may
        // pick any of them.
        let best_mean = stats
            .iter()
            .filter(|s| policy(s).is_some_and(|p| p.is_method_less()))
            .fold(None::<&SimStats>, |b, s| match b {
                Some(b) if b.score_mean >= s.score_mean => Some(b),
                _ => Some(s),
            });
        if let Some(b) = best_mean {
            checks.push((
                t(
                    "bal.mean_gap",
                    &[
                        ("expert", &format!("{:.2}", expert.score_mean)),
                        ("best", &format!("{:.2}", b.score_mean)),
                        ("policy", &b.policy),
                    ],
                ),
                expert.score_mean >= b.score_mean + 20.0,
            ));
        }
        if kind.trap {
            checks.push((
                t("bal.expert_walks", &[("got", &pct(expert.walk_rate))]),
                expert.walk_rate >= 0.8,
            ));
            checks.push((
                t(
                    "bal.blind_walk",
                    &[
                        ("walk", &format!("{:.2}", walk.score_mean)),
                        ("expert", &format!("{:.2}", expert.score_mean)),
                    ],
                ),
                walk.score_mean <= expert.score_mean - 20.0,
            ));
        } else {
            checks.push((
                t(
                    "bal.walk_cap",
                    &[("mean", &format!("{:.2}", walk.score_mean))],
                ),
                walk.score_mean <= 25.0,
            ));
        }
    }
    checks.push((
        t(
            "bal.cheater",
            &[
                ("cheater", &format!("{:.2}", cheater.score_mean)),
                ("expert", &format!("{:.2}", expert.score_mean)),
            ],
        ),
        cheater.score_mean < expert.score_mean,
    ));
    (notes, checks)
}

/// What each of the scenario's injects does to the expert, fired at the start of the week
/// halfway to the tender, against the expert on the same seeds without it: informs the
/// facilitator, judges nothing (the gate's games fire no inject). A quarter of the runs (at
/// least 20) per inject.
fn inject_notes(scn: &Arc<Scenario>, runs: u64, lang: Lang) -> Vec<String> {
    if scn.injects.is_empty() {
        return Vec::new();
    }
    let week = (scn.file.project.tender_week / 2).max(1);
    let n = (runs / 4).max(20).min(runs.max(1));
    // The expert on the same seeds with no inject and with each one.
    let sample = |inject: Option<usize>| -> (f64, f64) {
        let games: Vec<(bool, f64)> = (0..n)
            .into_par_iter()
            .map(|k| {
                let fired: Vec<(u32, usize)> = inject.map(|i| (week, i)).into_iter().collect();
                let g = crate::bots::play_with_injects(scn.clone(), 1 + k, Policy::Expert, &fired);
                (
                    matches!(g.outcome(), Some(Outcome::Won { .. })),
                    g.scorecard().total,
                )
            })
            .collect();
        let wins = games.iter().filter(|g| g.0).count() as f64 / n as f64;
        (wins, games.iter().map(|g| g.1).sum::<f64>() / n as f64)
    };
    let (base_wins, base_mean) = sample(None);
    (0..scn.injects.len())
        .map(|i| {
            let (wins, mean) = sample(Some(i));
            crate::i18n::trf(
                lang,
                "bal.inject",
                &[
                    ("id", &scn.injects[i].id),
                    ("week", &week.to_string()),
                    ("wins", &format!("{:.1}%", wins * 100.0)),
                    ("base_wins", &format!("{:.1}%", base_wins * 100.0)),
                    ("mean", &format!("{mean:.2}")),
                    ("base_mean", &format!("{base_mean:.2}")),
                    ("n", &n.to_string()),
                ],
            )
        })
        .collect()
}

/// Run every policy on a scenario and check the balance rules ([`gate`]).
pub fn balance(scn: &Arc<Scenario>, runs: u64) -> BalanceReport {
    balance_in(scn, runs, Lang::En)
}

/// [`balance`] with the gate's lines in `lang`.
pub fn balance_in(scn: &Arc<Scenario>, runs: u64, lang: Lang) -> BalanceReport {
    let stats: Vec<SimStats> = Policy::all()
        .into_iter()
        .map(|p| simulate(scn, p, runs, 1))
        .collect();
    let kind = GateKind::of(scn);
    let (mut notes, checks) = gate_in(kind, &stats, lang);
    notes.extend(inject_notes(scn, runs, lang));
    let ok = checks.iter().all(|c| c.1);
    BalanceReport {
        scenario: scn.id().to_string(),
        trap: kind.trap,
        runs,
        stats,
        notes,
        checks,
        ok,
    }
}
