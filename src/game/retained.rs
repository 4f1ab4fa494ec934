//! The window keeps its last drawn UI: in a frame in which nothing on screen changed (see
//! [`ScreenChanges`]), the camera neither clears its picture nor draws the UI again, and the
//! window shows the picture it already has. A turn-based screen that the player is reading
//! then costs a frame no more than an empty one. Without a GPU (Mesa's software renderer)
//! the UI's thousands of glyphs were most of a frame's cost.
//!
//! The camera draws into its own texture (Bevy's view target), which is copied to the
//! window at the end of every frame; the texture is kept from frame to frame while its size
//! stays the same, so skipping the clear and the UI's draw calls leaves last frame's
//! picture in it. Everything else (layout, picking, focus) runs as before: only the
//! drawing is skipped.

use bevy::ecs::system::SystemParam;
use bevy::prelude::*;
use bevy::render::camera::ExtractedCamera;
use bevy::render::render_phase::ViewSortedRenderPhases;
use bevy::render::sync_world::RenderEntity;
use bevy::render::view::{Msaa, prepare_view_targets};
use bevy::render::{Extract, ExtractSchedule, Render, RenderApp, RenderSystems};
use bevy::text::TextLayoutInfo;
use bevy::ui::{CalculatedClip, UiGlobalTransform};
use bevy::ui_render::TransparentUi;
use bevy::window::PrimaryWindow;
use std::time::Duration;

/// The UI is drawn at least this often even when no change was seen: a change of a kind
/// [`ScreenChanges`] does not watch would show this late, not never.
const REFRESH: Duration = Duration::from_secs(1);

pub fn plugin(app: &mut App) {
    app.init_resource::<RetainedUi>();
    app.add_systems(Startup, spawn_camera);
    app.add_systems(Last, decide_redraw.in_set(DecideRedraw));
    if let Some(render) = app.get_sub_app_mut(RenderApp) {
        render.init_resource::<KeepPicture>();
        render.add_systems(ExtractSchedule, extract_keep_picture);
        render.add_systems(
            Render,
            (
                keep_picture
                    .in_set(RenderSystems::PrepareViews)
                    .before(prepare_view_targets),
                skip_ui_draws.in_set(RenderSystems::QueueSweep),
            ),
        );
    }
}

/// The system that decides, in `Last`, whether this frame draws the UI
/// ([`RetainedUi::drawn`]).
#[derive(SystemSet, Debug, Clone, PartialEq, Eq, Hash)]
pub struct DecideRedraw;

/// The game's camera, whose picture is kept while the screen does not change.
#[derive(Component, Debug, Clone, Copy)]
pub struct KeepsPicture;

/// Whether the UI is drawn in the current frame.
#[derive(Resource, Debug, Clone, Default)]
pub struct RetainedUi {
    /// Drawn in this frame (decided in `Last`, read by the renderer's extraction).
    pub drawn: bool,
    /// Draw every frame, changed or not (the frame bench's worst case).
    pub every_frame: bool,
    /// The window's size and scale factor when last drawn: another size is a new texture.
    size: (UVec2, f32),
    /// When the UI was last drawn (real time).
    drawn_at: Duration,
}

/// The one camera, drawing into the window. No multisampling: the UI is drawn after the
/// camera's main pass and never multisampled, so a 4× sample buffer would only be cleared
/// and resolved every frame for nothing (a full-window cost on a machine without a GPU).
fn spawn_camera(mut commands: Commands) {
    commands.spawn((Name::new("Camera"), Camera2d, Msaa::Off, KeepsPicture));
}

/// What the player sees changed in this frame (or since the system using this last ran):
/// a node added, laid out, moved, scrolled, shown or hidden, repainted or removed, a text
/// laid out again, or the background colour. Decides both when the window draws a frame
/// (`pacing`) and whether the frame draws the UI again.
#[derive(SystemParam)]
pub struct ScreenChanges<'w, 's> {
    #[allow(clippy::type_complexity)]
    layout: Query<
        'w,
        's,
        (),
        Or<(
            Changed<Node>,
            Changed<ComputedNode>,
            Changed<UiGlobalTransform>,
            Changed<ScrollPosition>,
            Changed<Visibility>,
            Changed<InheritedVisibility>,
            Changed<CalculatedClip>,
        )>,
    >,
    #[allow(clippy::type_complexity)]
    paint: Query<
        'w,
        's,
        (),
        Or<(
            Changed<Text>,
            Changed<TextLayoutInfo>,
            Changed<TextColor>,
            Changed<BackgroundColor>,
            Changed<BorderColor>,
            Changed<Outline>,
            Changed<ImageNode>,
        )>,
    >,
    removed: RemovedComponents<'w, 's, ComputedNode>,
    clear: Option<Res<'w, ClearColor>>,
}

impl ScreenChanges<'_, '_> {
    pub fn any(&mut self) -> bool {
        // Read every removal so that old ones are not reported again next frame.
        let removed = self.removed.read().count() > 0;
        removed
            || !self.layout.is_empty()
            || !self.paint.is_empty()
            || self.clear.as_ref().is_some_and(|c| c.is_changed())
    }
}

/// Draw the UI in this frame when the screen changed, the window's size changed (the
/// picture is then a new, empty texture), or the UI was last drawn [`REFRESH`] ago.
fn decide_redraw(
    mut changes: ScreenChanges,
    mut retained: ResMut<RetainedUi>,
    window: Query<&Window, With<PrimaryWindow>>,
    time: Res<Time<Real>>,
) {
    let now = time.elapsed();
    let size = window.single().map_or((UVec2::ZERO, 1.0), |w| {
        (w.physical_size(), w.scale_factor())
    });
    let changed = changes.any();
    let draw = changed
        || retained.every_frame
        || size != retained.size
        || now.saturating_sub(retained.drawn_at) >= REFRESH;
    if draw {
        retained.size = size;
        retained.drawn_at = now;
    }
    retained.drawn = draw;
}

/// Whether the renderer keeps the picture in this frame, and the render-world cameras
/// whose picture is kept.
#[derive(Resource, Debug, Default)]
struct KeepPicture {
    keep: bool,
    /// Render-world and main-world entities of each such camera.
    cameras: Vec<(Entity, Entity)>,
}

fn extract_keep_picture(
    retained: Extract<Option<Res<RetainedUi>>>,
    cameras: Extract<Query<(RenderEntity, Entity), With<KeepsPicture>>>,
    mut keep: ResMut<KeepPicture>,
) {
    keep.keep = retained.as_ref().is_some_and(|r| !r.drawn);
    keep.cameras.clear();
    keep.cameras.extend(cameras.iter());
}

/// In a frame that does not draw the UI, the camera does not clear its picture either.
/// (After the extracted cameras are inserted, before their view targets are made.)
fn keep_picture(keep: Res<KeepPicture>, mut cameras: Query<&mut ExtractedCamera>) {
    if !keep.keep {
        return;
    }
    for &(entity, _) in &keep.cameras {
        if let Ok(mut camera) = cameras.get_mut(entity) {
            camera.clear_color = ClearColorConfig::None;
        }
    }
}

/// In a frame that does not draw the UI, its draw calls are dropped after they were queued.
fn skip_ui_draws(
    keep: Res<KeepPicture>,
    mut phases: ResMut<ViewSortedRenderPhases<TransparentUi>>,
) {
    if !keep.keep {
        return;
    }
    for (view, phase) in phases.iter_mut() {
        if keep
            .cameras
            .iter()
            .any(|&(_, main)| main == view.main_entity.id())
        {
            phase.clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use bevy::time::TimeUpdateStrategy;

    fn app() -> App {
        let mut app = App::new();
        app.add_plugins(MinimalPlugins);
        app.init_resource::<RetainedUi>();
        app.init_resource::<ClearColor>();
        app.add_systems(Last, decide_redraw);
        // A quarter of a second of real time passes in each update.
        app.insert_resource(TimeUpdateStrategy::ManualDuration(Duration::from_millis(
            250,
        )));
        app
    }

    fn drawn(app: &mut App) -> bool {
        app.update();
        app.world().resource::<RetainedUi>().drawn
    }

    /// The UI is drawn in the frames that change what is on screen and kept in the others;
    /// every kind of change the player would see draws it.
    #[test]
    fn draws_on_change_and_keeps_the_picture_otherwise() {
        let mut app = app();
        assert!(drawn(&mut app), "the first frame draws");
        assert!(!drawn(&mut app), "nothing changed: the picture is kept");

        let card = app
            .world_mut()
            .spawn((
                Node::default(),
                Text::new("Li Wei"),
                BackgroundColor::DEFAULT,
            ))
            .id();
        assert!(drawn(&mut app), "a new card is drawn");
        assert!(!drawn(&mut app));

        type Change = fn(&mut EntityWorldMut);
        let changes: [(&str, Change); 6] = [
            ("a changed text", |e| {
                e.get_mut::<Text>().unwrap().0 = "Li Wei · contacted".into();
            }),
            ("a hover colour", |e| {
                e.insert(BackgroundColor(Color::WHITE));
            }),
            ("a focus ring", |e| {
                e.insert(Outline::new(px(2), px(1), Color::WHITE));
            }),
            ("a scroll", |e| {
                e.insert(ScrollPosition(Vec2::new(0.0, 40.0)));
            }),
            ("a hidden card", |e| {
                e.insert(Visibility::Hidden);
            }),
            ("a text colour", |e| {
                e.insert(TextColor(Color::BLACK));
            }),
        ];
        for (what, change) in changes {
            change(&mut app.world_mut().entity_mut(card));
            assert!(drawn(&mut app), "{what} is drawn");
            assert!(
                !drawn(&mut app),
                "after {what}, the next frame keeps the picture"
            );
        }

        app.world_mut().despawn(card);
        assert!(drawn(&mut app), "a removed card is drawn away");
        assert!(!drawn(&mut app));

        app.world_mut().resource_mut::<ClearColor>().0 = Color::BLACK;
        assert!(drawn(&mut app), "a new background colour is drawn");
        assert!(!drawn(&mut app));
    }

    /// The frame bench's worst case draws every frame, and a kept picture is drawn again
    /// after [`REFRESH`] at the latest.
    #[test]
    fn draws_every_frame_when_asked_and_refreshes_a_kept_picture() {
        let mut app = app();
        app.update();
        app.world_mut().resource_mut::<RetainedUi>().every_frame = true;
        assert!((0..5).all(|_| drawn(&mut app)));
        app.world_mut().resource_mut::<RetainedUi>().every_frame = false;
        let frames: Vec<bool> = (0..9).map(|_| drawn(&mut app)).collect();
        // 250 ms a frame: one frame in four is drawn again, the others keep the picture.
        assert_eq!(frames.iter().filter(|d| **d).count(), 2, "{frames:?}");
        assert!(!frames[0] && !frames[1] && !frames[2], "{frames:?}");
    }
}
