//! `sandtable`: opens the game window, or runs a headless command (`sandtable --help`).

use clap::{Parser, Subcommand};
use sandtable::cli::{Command, Failure};
use sandtable::i18n::Lang;

/// 大客户销售沙盘 Sandtable — a training simulator for key-account and project sales.
/// With no command it opens the game window.
#[derive(Parser, Debug)]
#[command(name = "sandtable", version, about, long_about = None)]
struct Cli {
    /// Language of the output and the window: zh or en (default: the system's).
    #[arg(long, global = true, value_parser = parse_lang)]
    lang: Option<Lang>,
    /// Run the main board of the largest scenario for N frames and print frame times
    /// beside an empty Bevy UI scene's, ending with `ratio: X`.
    #[cfg(feature = "gui")]
    #[arg(long, value_name = "N", value_parser = frames_arg)]
    bench_frames: Option<u32>,
    /// Run an empty Bevy app (the game's features and window, a camera, nothing else) for
    /// N frames: the startup-time and memory baseline in docs/benchmarks.md.
    #[cfg(feature = "gui")]
    #[arg(long, value_name = "N", value_parser = frames_arg)]
    empty_app: Option<u32>,
    /// Start the game to its title (`title`) or the empty app with one line of text
    /// (`empty`), print the time from launch to the first drawn frame with text, and exit.
    #[cfg(feature = "gui")]
    #[arg(long, value_name = "title|empty")]
    bench_startup: Option<String>,
    /// Join a workshop room in the game window: the address the facilitator gives
    /// (e.g. 192.168.1.20:7750). Takes --team.
    #[cfg(feature = "room")]
    #[arg(long, value_name = "URL", requires = "team")]
    join: Option<String>,
    /// The team name to join the room with (with --join).
    #[cfg(feature = "room")]
    #[arg(long, value_name = "NAME", requires = "join")]
    team: Option<String>,
    #[command(subcommand)]
    command: Option<Top>,
}

/// A room to join when the window opens (`--join URL --team NAME`).
#[cfg(feature = "room")]
type Join = Option<sandtable::room::link::JoinRequest>;
#[cfg(not(feature = "room"))]
type Join = Option<std::convert::Infallible>;

#[cfg(feature = "room")]
fn join_request(cli: &Cli, lang: Lang) -> Result<Join, Failure> {
    use sandtable::room::link::JoinRequest;
    match (&cli.join, &cli.team) {
        (Some(url), Some(team)) => {
            if cli.command.is_some() {
                return Err(Failure(
                    sandtable::i18n::tr(lang, "room.cli.join_and_command").to_string(),
                    2,
                ));
            }
            JoinRequest::new(url, team)
                .map(Some)
                .map_err(|e| Failure(e.text(lang), 2))
        }
        _ => Ok(None),
    }
}

#[cfg(not(feature = "room"))]
fn join_request(_cli: &Cli, _lang: Lang) -> Result<Join, Failure> {
    Ok(None)
}

#[derive(Subcommand, Debug)]
enum Top {
    #[command(flatten)]
    Headless(Command),
    /// Render one screen of the game to a PNG (works under Xvfb).
    #[cfg(feature = "gui")]
    Screenshot(ScreenshotArgs),
}

#[cfg(feature = "gui")]
#[derive(clap::Args, Debug)]
struct ScreenshotArgs {
    /// Scenario id the game state is taken from (default: the tutorial).
    #[arg(long)]
    scenario: Option<String>,
    /// Screen: title select briefing board stakeholder meeting tender result negotiation debrief settings.
    #[arg(long, default_value = "title")]
    screen: String,
    #[arg(long)]
    out: Option<std::path::PathBuf>,
    /// `cb` for the colour-blind-safe palette.
    #[arg(long)]
    palette: Option<String>,
    /// UI scale, e.g. 1.5.
    #[arg(long)]
    scale: Option<String>,
    /// List the screens that can be captured.
    #[arg(long)]
    list: bool,
}

/// Most frames `--bench-frames` and `--empty-app` run (each frame's time is kept).
#[cfg(feature = "gui")]
const MAX_FRAMES: u32 = 100_000;

#[cfg(feature = "gui")]
fn frames_arg(s: &str) -> Result<u32, String> {
    match s.parse::<u32>() {
        Ok(n) if (1..=MAX_FRAMES).contains(&n) => Ok(n),
        _ => Err(format!(
            "takes a whole number of frames from 1 to {MAX_FRAMES}"
        )),
    }
}

fn parse_lang(s: &str) -> Result<Lang, String> {
    Lang::from_code(s).ok_or_else(|| format!("unknown language `{s}`: use zh or en"))
}

fn main() {
    let cli = Cli::parse();
    let result = run(cli);
    if let Err(Failure(msg, code)) = result {
        if !msg.is_empty() {
            eprintln!("{}", sandtable::escape::text(&msg));
        }
        std::process::exit(code);
    }
}

fn run(cli: Cli) -> Result<(), Failure> {
    let lang = cli.lang.unwrap_or_else(Lang::from_system);
    let join = join_request(&cli, lang)?;
    #[cfg(feature = "gui")]
    if let Some(n) = cli.bench_frames {
        let report = sandtable::game::bench_frames(n).map_err(|e| Failure(e, 1))?;
        println!("{report}");
        return Ok(());
    }
    #[cfg(feature = "gui")]
    if let Some(target) = &cli.bench_startup {
        use sandtable::game::dev::startup;
        let target = startup::Target::parse(target).map_err(|e| Failure(e, 2))?;
        let report = startup::bench_startup(target).map_err(|e| Failure(e, 1))?;
        println!("{report}");
        return Ok(());
    }
    #[cfg(feature = "gui")]
    if let Some(n) = cli.empty_app {
        let report = sandtable::game::dev::empty::empty_app(n).map_err(|e| Failure(e, 1))?;
        println!("{report}");
        return Ok(());
    }
    match cli.command {
        Some(Top::Headless(cmd)) => sandtable::cli::run(cmd, lang),
        #[cfg(feature = "gui")]
        Some(Top::Screenshot(a)) => screenshot(a, lang),
        None => open_window(cli.lang, join),
    }
}

#[cfg(feature = "gui")]
fn screenshot(a: ScreenshotArgs, lang: Lang) -> Result<(), Failure> {
    if a.list {
        for screen in sandtable::game::Screen::IMPLEMENTED {
            println!("{}", screen.slug());
        }
        return Ok(());
    }
    let out = a.out.unwrap_or_else(|| format!("{}.png", a.screen).into());
    sandtable::game::dev::screenshot::screenshot_options(
        &a.screen,
        lang,
        a.palette.as_deref(),
        a.scale.as_deref(),
        a.scenario.as_deref(),
        &out,
    )
    .map_err(|e| Failure(e, 1))
}

#[cfg(feature = "gui")]
fn open_window(lang: Option<Lang>, join: Join) -> Result<(), Failure> {
    // `--join URL --team NAME` opens the window on the Join screen and joins at once.
    sandtable::game::run(lang, join).map_err(|e| Failure(e, 1))
}

#[cfg(not(feature = "gui"))]
fn open_window(lang: Option<Lang>, join: Join) -> Result<(), Failure> {
    use clap::CommandFactory;
    if join.is_some() {
        let l = lang.unwrap_or_else(Lang::from_system);
        return Err(Failure(
            sandtable::i18n::tr(l, "room.cli.no_window").to_string(),
            2,
        ));
    }
    let _ = Cli::command().print_help();
    println!("\n(This build has no game window: it was built without the `gui` feature.)");
    Ok(())
}
