//! `sandtable`: opens the game window, or runs a headless command (`sandtable --help`).

use clap::Parser;
use sandtable::cli::{Command, Failure};
use sandtable::i18n::Lang;

/// 大客户销售沙盘 Sandtable — a training simulator for key-account and project sales.
#[derive(Parser, Debug)]
#[command(name = "sandtable", version, about, long_about = None)]
struct Cli {
    /// Language of the output and the window: zh or en (default: the system's).
    #[arg(long, global = true, value_parser = parse_lang)]
    lang: Option<Lang>,
    #[command(subcommand)]
    command: Option<Command>,
}

fn parse_lang(s: &str) -> Result<Lang, String> {
    Lang::from_code(s).ok_or_else(|| format!("unknown language `{s}`: use zh or en"))
}

fn main() {
    let cli = Cli::parse();
    let lang = cli.lang.unwrap_or_else(Lang::from_system);
    let result = match cli.command {
        Some(cmd) => sandtable::cli::run(cmd, lang),
        None => open_window(lang),
    };
    if let Err(Failure(msg, code)) = result {
        if !msg.is_empty() {
            eprintln!("{msg}");
        }
        std::process::exit(code);
    }
}

#[cfg(feature = "gui")]
fn open_window(_lang: Lang) -> Result<(), Failure> {
    Err(Failure("the game window is not built yet".into(), 1))
}

#[cfg(not(feature = "gui"))]
fn open_window(_lang: Lang) -> Result<(), Failure> {
    use clap::CommandFactory;
    let _ = Cli::command().print_help();
    println!("\n(This build has no game window: it was built without the `gui` feature.)");
    Ok(())
}
