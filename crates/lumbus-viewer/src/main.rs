//! `lumbus-viewer`: the walking skeleton in 3D with its lumbar loads.
//!
//! With `--screenshot FILE` it renders one frame to an image (no window) and exits; otherwise it
//! opens the interactive window.

mod camera;
mod capture;
mod live;
mod results;
mod sim;
mod skeleton;
mod ui;

use bevy::prelude::*;
use bevy::window::ExitCondition;
use bevy::winit::WinitPlugin;
use clap::Parser;
use sim::Sim;
use skeleton::{Playback, SkeletonPlugin, Viewer};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

#[derive(Parser, Debug)]
#[command(version, about = "The Lumbus 3D viewer: a walking skeleton with its lumbar loads")]
struct Args {
    /// Render one frame to this PNG (and a .json beside it with the disc colours) and exit.
    #[arg(long)]
    screenshot: Option<PathBuf>,
    /// Scene file (TOML); without one, the built-in default scene.
    #[arg(long)]
    scene: Option<PathBuf>,
    /// Frame of the gait cycle to show (0 = right heel strike).
    #[arg(long, default_value_t = 0)]
    frame: usize,
    /// Play back a `lumbus run` output (its folder, summary.json or frames.csv) instead of a scene.
    #[arg(long, conflicts_with = "scene")]
    results: Option<PathBuf>,
    /// Window mode: save a screenshot of the window after `--shot-after` seconds and exit.
    #[arg(long)]
    window_screenshot: Option<PathBuf>,
    #[arg(long, default_value_t = 8.0)]
    shot_after: f32,
    /// Open the guided tour through the preset scenes.
    #[arg(long)]
    tour: bool,
    /// Start in live physics: the skeleton simulated in rapier3d, tracking the gait with contact
    /// feet (push it and change the friction in the panel). With --screenshot, the picture shows
    /// the simulation after --live-seconds.
    #[arg(long, conflicts_with = "results")]
    live: bool,
    #[arg(long, default_value_t = 1.5)]
    live_seconds: f64,
    /// Folder of preset scenes for the preset list and the guided tour.
    #[arg(long)]
    scenes_dir: Option<PathBuf>,
}

/// `scenes/` of the working directory, else of the source tree this was built from.
fn default_scenes_dir() -> PathBuf {
    let here = PathBuf::from("scenes");
    if here.is_dir() { here } else { PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../scenes") }
}

fn main() -> AppExit {
    let args = Args::parse();
    let scenes_dir = args.scenes_dir.clone().unwrap_or_else(default_scenes_dir);
    let scene = match &args.scene {
        Some(path) => match lumbus_io::load_scene(path) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("error: {e}");
                return AppExit::error();
            }
        },
        None => lumbus_core::Scene::default(),
    };
    let computed = match &args.results {
        Some(path) => results::load_run(path, &scenes_dir),
        None => Sim::compute(scene),
    };
    let sim = match computed {
        Ok(s) => Arc::new(s),
        Err(e) => {
            eprintln!("error: {e}");
            return AppExit::error();
        }
    };
    eprintln!("engine: {} frames computed in {:.0} ms", sim.frames.len(), sim.compute_ms);
    let start_time = sim.frame_time(args.frame);
    let mut app = App::new();
    app.insert_resource(Viewer {
        sim: sim.clone(),
        baseline: None,
        pending: None,
        rebuild: true,
        error: None,
        last_latency_ms: None,
    });
    let screenshot = args.screenshot.is_some();
    if args.live {
        let mut live = live::Live::default();
        live.start(&sim);
        if screenshot {
            // The picture shows the simulation at a set time: step it there before rendering.
            while live.error.is_none() && live.sim.as_ref().is_some_and(|s| s.time() < args.live_seconds) {
                live.advance(args.live_seconds);
            }
            if let Some(e) = &live.error {
                eprintln!("error: live physics: {e}");
                return AppExit::error();
            }
        }
        app.insert_resource(live);
    }
    match args.screenshot {
        Some(path) => {
            // No window and no winit: the camera draws into an image, so no X server is needed.
            app.add_plugins((
                DefaultPlugins
                    .set(WindowPlugin {
                        primary_window: None,
                        exit_condition: ExitCondition::DontExit,
                        ..default()
                    })
                    .disable::<WinitPlugin>(),
                bevy::app::ScheduleRunnerPlugin::run_loop(Duration::ZERO),
                capture::CapturePlugin { path },
            ))
            .insert_resource(Playback { time: start_time, playing: false, speed: 1.0 });
        }
        None => {
            app.add_plugins(DefaultPlugins.set(WindowPlugin {
                primary_window: Some(Window {
                    title: "Lumbus".into(),
                    resolution: (1400, 850).into(),
                    ..default()
                }),
                ..default()
            }))
            .add_plugins(ui::UiPlugin {
                scenes_dir,
                window_shot: args.window_screenshot,
                shot_after: args.shot_after,
                tour: args.tour,
            })
            .insert_resource(Playback { time: start_time, playing: true, speed: 1.0 })
            // The skeleton walks all the time, focused or not (an unfocused window would idle).
            .insert_resource(bevy::winit::WinitSettings::continuous());
        }
    }
    app.add_plugins(SkeletonPlugin { shadows: screenshot });
    app.run()
}
