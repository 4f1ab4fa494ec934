//! `sandtable`: opens the game window. A minimal runner until the CLI lands:
//! `sandtable [--lang zh|en]`, `sandtable screenshot --screen S --lang L --out FILE`,
//! `sandtable --bench-frames N`.

use std::path::PathBuf;
use std::process::ExitCode;

use sandtable::i18n::Lang;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let value = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let lang = value("--lang").and_then(|l| Lang::from_code(&l));
    let result = if let Some(n) = value("--bench-frames") {
        match n.parse::<u32>() {
            Ok(n) => sandtable::game::bench_frames(n).map(|report| println!("{report}")),
            Err(_) => Err(format!("--bench-frames needs a number, got '{n}'")),
        }
    } else if args.first().is_some_and(|a| a == "screenshot") {
        let screen = value("--screen").unwrap_or_else(|| "title".into());
        let out = PathBuf::from(value("--out").unwrap_or_else(|| format!("{screen}.png")));
        sandtable::game::screenshot(&screen, lang.unwrap_or(Lang::Zh), &out)
    } else {
        sandtable::game::run(lang)
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
