//! `--screenshot`: render one frame into an image with no window, save it, and exit.
//!
//! Shaders compile asynchronously; a frame captured while any pipeline is still pending comes out
//! blank or unlit (DESIGN.md, viewer facts), so the capture waits until the render world's
//! pipeline cache has been idle for a few frames.

use crate::camera::{Orbit, focus};
use crate::live::Live;
use crate::skeleton::{Current, Painted, Viewer, disc_radius, paint_colour};
use bevy::camera::RenderTarget;
use bevy::prelude::*;
use bevy::render::render_resource::{TextureFormat, TextureUsages};
use bevy::render::view::screenshot::{Screenshot, ScreenshotCaptured};
use bevy::render::{Render, RenderApp, RenderSystems, render_resource::PipelineCache};
use lumbus_core::params::LEVEL_NAMES;
use serde::Serialize;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

pub const WIDTH: u32 = 1024;
pub const HEIGHT: u32 = 768;
/// Give up (and fail) if the pipelines never settle.
const MAX_FRAMES: u32 = 2000;

pub struct CapturePlugin {
    pub path: PathBuf,
}

/// Pipelines still compiling, as last seen by the render world (`usize::MAX` before it looked).
#[derive(Resource, Clone)]
struct Waiting(Arc<AtomicUsize>);

#[derive(Resource)]
struct CaptureState {
    path: PathBuf,
    image: Handle<Image>,
    frames: u32,
    idle_frames: u32,
    requested: bool,
}

impl Plugin for CapturePlugin {
    fn build(&self, app: &mut App) {
        let waiting = Waiting(Arc::new(AtomicUsize::new(usize::MAX)));
        app.insert_resource(waiting.clone())
            .insert_resource(CaptureState {
                path: self.path.clone(),
                image: Handle::default(),
                frames: 0,
                idle_frames: 0,
                requested: false,
            })
            .add_systems(Startup, spawn_camera)
            .add_systems(PostUpdate, place_camera.before(TransformSystems::Propagate))
            .add_systems(PostUpdate, request_capture.after(TransformSystems::Propagate));
        app.sub_app_mut(RenderApp)
            .insert_resource(waiting)
            .add_systems(Render, count_waiting.after(RenderSystems::Render));
    }
}

/// Saves a captured image as an RGB PNG (the window and offscreen captures alike).
pub fn save_rgb(image: &Image, path: &std::path::Path) -> Result<(), String> {
    image
        .clone()
        .try_into_dynamic()
        .map_err(|e| e.to_string())
        .and_then(|img| img.to_rgb8().save(path).map_err(|e| e.to_string()))
}

fn count_waiting(cache: Res<PipelineCache>, waiting: Res<Waiting>) {
    waiting.0.store(cache.waiting_pipelines().count(), Ordering::Relaxed);
}

fn spawn_camera(mut commands: Commands, mut images: ResMut<Assets<Image>>, mut state: ResMut<CaptureState>) {
    let mut image = Image::new_target_texture(WIDTH, HEIGHT, TextureFormat::Rgba8UnormSrgb, None);
    image.texture_descriptor.usage |= TextureUsages::COPY_SRC;
    let handle = images.add(image);
    state.image = handle.clone();
    commands.spawn((
        Camera3d::default(),
        RenderTarget::Image(handle.into()),
        // Closer than the window's default: discs are ~1 cm thick and must cover a few pixels.
        Orbit { distance: 1.1, pitch: 0.05, ..Orbit::default() },
        Transform::default(),
    ));
}

fn place_camera(current: Res<Current>, mut cams: Query<(&Orbit, &mut Transform)>) {
    let f = focus(&current);
    for (orbit, mut tf) in &mut cams {
        *tf = orbit.transform(f);
    }
}

/// What the test checks the image against: each disc's and facet's load, colour and pixel.
#[derive(Serialize)]
struct Side {
    scene: String,
    /// "cycle" (the computed gait cycle) or "live" (the rapier simulation).
    mode: &'static str,
    time_s: f64,
    width: u32,
    height: u32,
    discs: Vec<Spot>,
    facets: Vec<Spot>,
}

#[derive(Serialize)]
struct Spot {
    name: String,
    load_bw: f64,
    /// sRGB 0..1, as given to the material (before lighting).
    colour: [f32; 3],
    /// Projected centre (a disc: its rim's point facing the camera), pixels from the top left;
    /// `None` when off screen.
    pixel: Option<[f32; 2]>,
}

#[allow(clippy::too_many_arguments)]
fn request_capture(
    mut commands: Commands,
    mut state: ResMut<CaptureState>,
    waiting: Res<Waiting>,
    viewer: Res<Viewer>,
    current: Res<Current>,
    live: Option<Res<Live>>,
    cams: Query<(&Camera, &GlobalTransform)>,
    painted: Query<(&Painted, &GlobalTransform)>,
    mut exit: MessageWriter<AppExit>,
) {
    state.frames += 1;
    if state.requested {
        return;
    }
    if state.frames > MAX_FRAMES {
        error!("pipelines never finished compiling; no screenshot");
        exit.write(AppExit::error());
        return;
    }
    let pending = waiting.0.load(Ordering::Relaxed);
    state.idle_frames = if pending == 0 { state.idle_frames + 1 } else { 0 };
    if state.frames < 10 || state.idle_frames < 5 {
        return;
    }
    state.requested = true;

    let Ok((camera, cam_tf)) = cams.single() else {
        exit.write(AppExit::error());
        return;
    };
    let mut side = Side {
        scene: viewer.sim.scene.name.clone(),
        mode: if live.as_ref().is_some_and(|l| l.active) { "live" } else { "cycle" },
        time_s: live.as_ref().and_then(|l| l.shown).map_or(current.t, |s| s.time_s),
        width: WIDTH,
        height: HEIGHT,
        discs: Vec::new(),
        facets: Vec::new(),
    };
    let rim = disc_radius(viewer.sim.engine.model.lengths.trunk_scale as f32) * 0.9;
    for (paint, tf) in &painted {
        // A disc's centre projects onto its upper edge when the camera looks down on it, half
        // hidden by the vertebra above: its spot is its rim's point facing the camera instead,
        // half-way up the side that shows.
        let spot = match paint {
            Painted::Disc(_) => {
                let axis = tf.up().as_vec3();
                let to_camera = cam_tf.translation() - tf.translation();
                let across = (to_camera - axis * to_camera.dot(axis)).normalize_or_zero();
                tf.translation() + across * rim
            }
            Painted::Facet(..) => tf.translation(),
        };
        let pixel = camera.world_to_viewport(cam_tf, spot).ok().map(|p| [p.x, p.y]);
        let colour = paint_colour(*paint, &current.loads);
        match *paint {
            Painted::Disc(k) => side.discs.push(Spot {
                name: LEVEL_NAMES[k].to_string(),
                load_bw: current.loads.compression_bw[k],
                colour,
                pixel,
            }),
            Painted::Facet(k, s) => side.facets.push(Spot {
                name: format!("{}_{}", LEVEL_NAMES[k], ["right", "left"][s]),
                load_bw: current.loads.facet_bw[k][s],
                colour,
                pixel,
            }),
        }
    }
    side.discs.sort_by(|a, b| a.name.cmp(&b.name));
    side.facets.sort_by(|a, b| a.name.cmp(&b.name));
    let path = state.path.clone();
    let json = serde_json::to_string_pretty(&side).unwrap_or_default();
    commands.spawn(Screenshot::image(state.image.clone())).observe(
        move |captured: On<ScreenshotCaptured>, mut exit: MessageWriter<AppExit>| {
            let saved = save_rgb(&captured.image, &path)
                .and_then(|()| std::fs::write(path.with_extension("json"), &json).map_err(|e| e.to_string()));
            match saved {
                Ok(()) => {
                    info!("screenshot saved to {}", path.display());
                    exit.write(AppExit::Success);
                }
                Err(e) => {
                    error!("cannot save {}: {e}", path.display());
                    exit.write(AppExit::error());
                }
            }
        },
    );
}
