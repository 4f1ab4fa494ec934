//! `sandtable`: opens the game window. A minimal runner until the CLI lands:
//! `sandtable [--lang zh|en]`, `sandtable screenshot --screen S --lang L --out FILE`,
//! `sandtable screenshot --list`, `sandtable --bench-frames N`.

use std::process::ExitCode;

#[cfg(not(feature = "gui"))]
fn main() -> ExitCode {
    eprintln!("error: this build has no game window (built without the `gui` feature)");
    ExitCode::FAILURE
}

#[cfg(feature = "gui")]
fn main() -> ExitCode {
    use sandtable::i18n::Lang;
    use std::path::PathBuf;
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
    } else if args.first().is_some_and(|a| a == "screenshot") && args.iter().any(|a| a == "--list")
    {
        for screen in sandtable::game::Screen::IMPLEMENTED {
            println!("{}", screen.slug());
        }
        Ok(())
    } else if args.first().is_some_and(|a| a == "screenshot") {
        let screen = value("--screen").unwrap_or_else(|| "title".into());
        let out = PathBuf::from(value("--out").unwrap_or_else(|| format!("{screen}.png")));
        let lang = lang.unwrap_or(Lang::Zh);
        match (value("--palette"), value("--scale")) {
            (None, None) => sandtable::game::screenshot(&screen, lang, &out),
            (palette, scale) => sandtable::game::screenshot::screenshot_options(
                &screen,
                lang,
                palette.as_deref(),
                scale.as_deref(),
                &out,
            ),
        }
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
