//! Screenshot mode: open one screen at 1280×720, let fonts and layout settle, save a PNG
//! with Bevy's screenshot API, exit.

use bevy::prelude::*;
use bevy::render::view::screenshot::{Screenshot, ScreenshotCaptured};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::bots::Policy;
use crate::game::retained::{DecideRedraw, RetainedUi};
use crate::game::screens::tender::expert_session;
use crate::game::session::Session;
use crate::game::theme::UiFont;
use crate::game::{AppPlugin, GamePaths, PaletteKind, Screen, Settings, WindowSetup};
use crate::i18n::Lang;
use crate::sim::Phase;

/// Frames to wait after the font has loaded before capturing (layout, glyph atlas).
const SETTLE_FRAMES: u32 = 12;
/// Give up when the font has not loaded after this many frames.
const TIMEOUT_FRAMES: u32 = 1200;

type Outcome = Arc<Mutex<Option<Result<(), String>>>>;

/// Render `screen` (its command-line name, such as `title`) in `lang` to the PNG `out`.
/// Uses default settings and touches no user file.
pub fn screenshot(screen: &str, lang: Lang, out: &Path) -> Result<(), String> {
    let screen = parse_screen(screen)?;
    let settings = Settings {
        lang,
        ..Settings::default()
    };
    screenshot_with(screen, settings, None, out)
}

/// [`screenshot`] with a palette (`standard` or `cb`) and a UI scale given as text, as on
/// the command line.
pub fn screenshot_options(
    screen: &str,
    lang: Lang,
    palette: Option<&str>,
    scale: Option<&str>,
    scenario: Option<&str>,
    out: &Path,
) -> Result<(), String> {
    // `debrief:ranks` opens the debrief on one of its tabs.
    let (screen, tab) = match screen.split_once(':') {
        Some((s, t)) => (s, Some(t)),
        None => (screen, None),
    };
    let screen = parse_screen(screen)?;
    let open_tab = match tab {
        None => None,
        Some(t) => Some(
            crate::game::screens::debrief::Tab::from_name(t)
                .filter(|_| screen == Screen::Debrief)
                .ok_or_else(|| {
                    format!(
                        "unknown tab '{t}' (debrief:overview|ranks|people|sources|expert|timeline)"
                    )
                })?,
        ),
    };
    let palette = match palette {
        None | Some("standard") => PaletteKind::Standard,
        Some("cb") | Some("colour-blind") => PaletteKind::ColourBlindSafe,
        Some(other) => return Err(format!("unknown palette '{other}'; standard or cb")),
    };
    let ui_scale = match scale {
        None => 1.0,
        Some(s) => s
            .parse::<f32>()
            .map_err(|_| format!("--scale needs a number, got '{s}'"))?,
    };
    let settings = Settings {
        lang,
        ui_scale,
        palette,
    }
    .sanitised();
    shoot(screen, settings, scenario, open_tab, out)
}

fn parse_screen(screen: &str) -> Result<Screen, String> {
    Screen::from_slug(screen).ok_or_else(|| {
        let names: Vec<_> = Screen::ALL.iter().map(|s| s.slug()).collect();
        format!("unknown screen '{screen}'; one of: {}", names.join(", "))
    })
}

/// [`screenshot`] with the settings (palette, UI scale) and the scenario (default: the
/// tutorial) chosen by the caller.
pub fn screenshot_with(
    screen: Screen,
    settings: Settings,
    scenario: Option<&str>,
    out: &Path,
) -> Result<(), String> {
    shoot(screen, settings, scenario, None, out)
}

fn shoot(
    screen: Screen,
    settings: Settings,
    scenario: Option<&str>,
    open_tab: Option<crate::game::screens::debrief::Tab>,
    out: &Path,
) -> Result<(), String> {
    if !Screen::IMPLEMENTED.contains(&screen) {
        return Err(format!(
            "screen '{}' has no UI yet (implemented: {})",
            screen.slug(),
            Screen::IMPLEMENTED.map(|s| s.slug()).join(", ")
        ));
    }
    if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    let outcome: Outcome = Arc::default();
    let mut app = App::new();
    app.add_plugins(AppPlugin {
        window: WindowSetup {
            scale_factor: Some(1.0),
            ..WindowSetup::default()
        },
        paths: GamePaths::default(),
        settings,
        start: screen,
    });
    stage_screen(&mut app, screen, scenario)?;
    app.insert_resource(ShotPlan {
        out: out.to_path_buf(),
        frames: 0,
        settled: 0,
        stage: Stage::Settling,
        drawn: None,
        outcome: outcome.clone(),
    });
    if let Some(tab) = open_tab {
        app.insert_resource(crate::game::screens::debrief::OpenTab(tab));
    }
    app.add_systems(Update, settle);
    app.add_systems(Last, capture.after(DecideRedraw));
    app.run();
    let result = outcome
        .lock()
        .map_err(|_| "screenshot state poisoned".to_string())?
        .take();
    result.unwrap_or_else(|| Err("the window closed before the screenshot was taken".into()))
}

/// The game the end-game screens are shown with: the expert bot's own game on `scenario`
/// (the tutorial by default), stopped where the screen belongs: at the tender's issue for
/// `tender`; for `result`, `negotiation` and `debrief` on the first seed (1..=50) where the
/// expert wins, stopped at the negotiation (result, negotiation) or played to the end.
fn end_game_session(
    screen: Screen,
    catalog: &crate::game::session::Catalog,
    id: &str,
) -> Result<Option<Session>, String> {
    if !matches!(
        screen,
        Screen::Tender | Screen::Result | Screen::Negotiation | Screen::Debrief
    ) {
        return Ok(None);
    }
    let scn = catalog
        .find(id)
        .ok_or_else(|| format!("no playable scenario '{id}' in the scenarios folder"))?;
    if screen == Screen::Tender {
        return Ok(Some(expert_session(scn, 1, |g| g.tender_issued())));
    }
    let seed = (1..=50)
        .find(|&seed| {
            crate::bots::play(scn.clone(), seed, Policy::Expert)
                .outcome()
                .is_some_and(|o| o.is_win())
        })
        .ok_or_else(|| format!("the expert wins no seed of 1..=50 on '{id}'"))?;
    Ok(Some(match screen {
        Screen::Debrief => expert_session(scn, seed, |_| false),
        _ => expert_session(scn, seed, |g| matches!(g.phase(), Phase::Negotiating)),
    }))
}

#[derive(Resource)]
struct ShotPlan {
    out: PathBuf,
    frames: u32,
    settled: u32,
    stage: Stage,
    /// The drawn frame's pixels, to compare the kept frame with.
    drawn: Option<Image>,
    outcome: Outcome,
}

/// The screenshot is taken twice: once in a frame that draws the screen and once in a
/// later frame that keeps its picture (see `retained`): what the player looks at most of
/// the time. The two must show the same; the second is saved.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Stage {
    /// Fonts loading, layout settling.
    Settling,
    /// This frame is drawn: capture it.
    Drawn,
    /// Waiting for the drawn frame's capture.
    WaitDrawn,
    /// Capture the next frame that keeps its picture.
    Kept,
    /// Waiting for the kept frame's capture.
    WaitKept,
    Done,
}

/// A capture delivered by the renderer, taken by the next `capture` run.
type Delivered = Arc<Mutex<Option<Image>>>;

/// Count frames until the font has loaded and the layout settled; then have the next
/// frame draw the screen.
fn settle(
    mut plan: ResMut<ShotPlan>,
    mut retained: ResMut<RetainedUi>,
    font: Option<Res<UiFont>>,
    server: Res<AssetServer>,
    mut exit: MessageWriter<AppExit>,
) {
    if plan.stage != Stage::Settling {
        return;
    }
    plan.frames += 1;
    let loaded = font.is_some_and(|f| server.is_loaded_with_dependencies(&f.0));
    if loaded {
        plan.settled += 1;
    }
    if plan.frames > TIMEOUT_FRAMES {
        let font = crate::game::theme::FONT_PATH;
        let error = format!("the UI font ({font}) did not load; is the assets folder there?");
        finish(&mut plan, Err(error), &mut exit);
        return;
    }
    if plan.settled >= SETTLE_FRAMES {
        retained.every_frame = true;
        plan.stage = Stage::Drawn;
    }
}

/// Runs once this frame's drawing is decided: capture the frame when it is the one the
/// current stage waits for; with both captures in, compare them and save the kept one.
fn capture(
    mut commands: Commands,
    mut plan: ResMut<ShotPlan>,
    mut retained: ResMut<RetainedUi>,
    delivered: Local<Delivered>,
    mut exit: MessageWriter<AppExit>,
) {
    let arrived = delivered.lock().ok().and_then(|mut d| d.take());
    match plan.stage {
        Stage::Drawn if retained.drawn => {
            retained.every_frame = false;
            request(&mut commands, &delivered);
            plan.stage = Stage::WaitDrawn;
        }
        Stage::WaitDrawn if arrived.is_some() => {
            plan.drawn = arrived;
            plan.stage = Stage::Kept;
        }
        Stage::Kept if !retained.drawn => {
            request(&mut commands, &delivered);
            plan.stage = Stage::WaitKept;
        }
        Stage::WaitKept => {
            let Some(kept) = arrived else { return };
            let result = plan
                .drawn
                .as_ref()
                .ok_or_else(|| "no drawn frame to compare the kept one with".to_string())
                .and_then(|drawn| same_picture(drawn, &kept))
                .and_then(|()| save(&kept, &plan.out));
            finish(&mut plan, result, &mut exit);
        }
        _ => {}
    }
}

/// Ask the renderer for a capture of this frame's window, delivered into `to`.
fn request(commands: &mut Commands, to: &Delivered) {
    let to = to.clone();
    commands.spawn(Screenshot::primary_window()).observe(
        move |captured: On<ScreenshotCaptured>| {
            if let Ok(mut slot) = to.lock() {
                *slot = Some(captured.image.clone());
            }
        },
    );
}

/// A channel may differ by this much between a drawn and a kept frame (rounding).
const CHANNEL_SLACK: u8 = 2;

/// The kept frame shows what the drawn frame showed.
fn same_picture(drawn: &Image, kept: &Image) -> Result<(), String> {
    let (Some(a), Some(b)) = (&drawn.data, &kept.data) else {
        return Err("a screenshot came without pixels".into());
    };
    let differing = a
        .chunks(4)
        .zip(b.chunks(4))
        .filter(|(p, q)| {
            p.iter()
                .zip(q.iter())
                .any(|(x, y)| x.abs_diff(*y) > CHANNEL_SLACK)
        })
        .count();
    if a.len() != b.len() || differing > 0 {
        return Err(format!(
            "the window did not keep its picture: a frame that draws nothing new differs from the drawn frame in {differing} pixels"
        ));
    }
    Ok(())
}

fn save(image: &Image, out: &Path) -> Result<(), String> {
    image
        .clone()
        .try_into_dynamic()
        .map_err(|e| format!("cannot convert the screenshot: {e}"))?
        .to_rgb8()
        .save(out)
        .map_err(|e| format!("cannot write {}: {e}", out.display()))?;
    info!("screenshot saved to {}", out.display());
    Ok(())
}

fn finish(plan: &mut ShotPlan, result: Result<(), String>, exit: &mut MessageWriter<AppExit>) {
    let failed = result.is_err();
    if let Ok(mut o) = plan.outcome.lock() {
        *o = Some(result);
    }
    plan.stage = Stage::Done;
    exit.write(if failed {
        AppExit::error()
    } else {
        AppExit::Success
    });
}

// ---- play screens up to the tender (select, briefing, board, stakeholder, meeting) ----

/// The week the board screenshots show: the expert bot's actions replayed up to it.
const SHOT_WEEK: u32 = 4;
/// The seed of the play-screen screenshots.
const SHOT_SEED: u64 = 7;

/// Put a game in a meaningful state for the play screens: for the board, stakeholder and
/// meeting the expert bot's first weeks are replayed; the stakeholder is the person we
/// know most about, and the meeting screen shows a meeting just held with him.
/// Give `app` what `screen` is shown with in the screenshots (and the layout tests): the
/// game, the catalog, the chosen scenario; on `scenario` (the tutorial by default).
pub fn stage_screen(app: &mut App, screen: Screen, scenario: Option<&str>) -> Result<(), String> {
    let catalog = crate::game::session::Catalog::default();
    stage_screen_from(app, screen, catalog, scenario.unwrap_or("tutorial"))
}

/// [`stage_screen`] with the scenario `id` looked up in `catalog` (a folder other than the
/// installed scenarios, such as a test fixture's).
pub fn stage_screen_from(
    app: &mut App,
    screen: Screen,
    catalog: crate::game::session::Catalog,
    id: &str,
) -> Result<(), String> {
    if let Some(session) = end_game_session(screen, &catalog, id)? {
        app.insert_resource(session);
    }
    play_screens_setup(app, screen, catalog, id)
}

fn play_screens_setup(
    app: &mut App,
    screen: Screen,
    catalog: crate::game::session::Catalog,
    id: &str,
) -> Result<(), String> {
    use crate::game::screens::play;
    if !matches!(
        screen,
        Screen::Select | Screen::Briefing | Screen::Board | Screen::Stakeholder | Screen::Meeting
    ) {
        return Ok(());
    }
    if screen == Screen::Select {
        if let Some(i) = catalog
            .0
            .iter()
            .position(|e| e.scenario.as_ref().is_ok_and(|s| s.id() == id))
        {
            app.world_mut()
                .get_resource_or_insert_with(crate::game::screens::select::SelectState::default)
                .chosen = i;
        }
        app.insert_resource(catalog);
        return Ok(());
    }
    let scn = catalog
        .find(id)
        .ok_or_else(|| format!("no playable scenario with id '{id}'"))?;
    let session = match screen {
        Screen::Briefing => crate::game::session::Session::new(scn, SHOT_SEED),
        _ => play::expert_session(scn, SHOT_SEED, SHOT_WEEK),
    };
    let session = match screen {
        Screen::Stakeholder => play::select_best_known(session),
        Screen::Meeting => play::hold_sample_meeting(app, play::select_best_known(session)),
        _ => session,
    };
    app.insert_resource(catalog);
    app.insert_resource(session);
    Ok(())
}
