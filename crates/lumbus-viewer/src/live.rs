//! Live physics: the forward path (`lumbus_forward::LiveSim`, the skeleton in rapier3d tracking
//! the gait with contact ground forces) stepped as the window runs, so that a push on the trunk
//! or a slippery floor shows in the loads at once. The computed cycle stays what it was; switching
//! live physics off returns to it. The panel's controls are in ui.rs.

use crate::sim::{Loads, SharedSim, Skeleton};
use crate::skeleton::Playback;
use bevy::prelude::*;
use lumbus_core::Engine;
use lumbus_core::model::THORAX;
use lumbus_forward::{LiveOptions, LiveSim, forward_scene};
use nalgebra::Vector3;
use std::sync::Arc;
use std::time::Instant;

/// Most simulated time advanced per rendered frame, s: when the machine cannot keep up, the
/// simulation runs slower than real time instead of falling ever further behind. A quarter of a
/// second, as Bevy's own clock caps a frame: the software renderer draws only a few frames a
/// second, and the physics (~20× real time in a debug build) easily keeps up with that.
const MAX_ADVANCE_S: f64 = 0.25;

/// How long a push lasts, s (a shove, not a steady lean).
pub const PUSH_S: f64 = 0.2;

/// The live simulation and what it last showed.
#[derive(Resource)]
pub struct Live {
    /// Live physics is on: the skeleton and loads on screen come from the simulation.
    pub active: bool,
    pub sim: Option<LiveSim>,
    /// The computed scene the simulation was started from (restarted when the scene changes).
    source: Option<SharedSim>,
    /// Ground friction coefficient, applied live.
    pub friction: f64,
    /// Push strength, N.
    pub push_n: f64,
    /// Simulated seconds per wall-clock second, smoothed.
    pub rate: f64,
    pub error: Option<String>,
    /// The last pose and loads, kept when the simulation stops (a fall, an error).
    pub shown: Option<Shown>,
}

/// What the live simulation last showed.
#[derive(Clone, Copy, Debug)]
pub struct Shown {
    pub skeleton: Skeleton,
    pub loads: Loads,
    /// Simulated time, s.
    pub time_s: f64,
}

impl Default for Live {
    fn default() -> Self {
        Live {
            active: false,
            sim: None,
            source: None,
            friction: lumbus_forward::FRICTION,
            push_n: 150.0,
            rate: 0.0,
            error: None,
            shown: None,
        }
    }
}

impl Live {
    /// Starts (or restarts) the simulation from the scene's engine.
    pub fn start(&mut self, source: &SharedSim) {
        self.active = true;
        self.error = None;
        self.shown = None;
        self.source = Some(source.clone());
        let opts = LiveOptions { friction: self.friction, ..LiveOptions::default() };
        // The forward path's own engine: the scene with the load passed between the feet only
        // while both are on the floor (`lumbus_forward::forward_scene`).
        let engine = Engine::new(&forward_scene(&source.engine.model.scene));
        match engine
            .map_err(|e| e.to_string())
            .and_then(|e| LiveSim::new(Arc::new(e), &opts).map_err(|e| e.to_string()))
        {
            Ok(sim) => self.sim = Some(sim),
            Err(e) => {
                self.sim = None;
                self.error = Some(e);
            }
        }
        self.refresh();
    }

    pub fn stop(&mut self) {
        *self = Live { friction: self.friction, push_n: self.push_n, ..Live::default() };
    }

    /// A push on the thorax, horizontal, along `direction` (world axes: X forward, Z right).
    pub fn push(&mut self, direction: Vector3<f64>) {
        if let Some(sim) = &mut self.sim
            && let Err(e) = sim.push(THORAX, direction.normalize() * self.push_n, PUSH_S)
        {
            self.error = Some(e);
        }
    }

    pub fn set_friction(&mut self, mu: f64) {
        self.friction = mu;
        if let Some(sim) = &mut self.sim
            && let Err(e) = sim.set_friction(mu)
        {
            self.error = Some(e);
        }
    }

    /// Advances the simulation by `seconds` (capped) and refreshes what is shown.
    pub fn advance(&mut self, seconds: f64) {
        let Some(sim) = &mut self.sim else { return };
        let step = seconds.min(MAX_ADVANCE_S);
        let start = Instant::now();
        if let Err(e) = sim.advance(step) {
            // A fall: the simulation keeps its last frame on screen until a restart.
            self.error = Some(e.to_string());
            return;
        }
        let wall = start.elapsed().as_secs_f64();
        if wall > 0.0 {
            let rate = step / wall;
            self.rate = if self.rate > 0.0 { 0.8 * self.rate + 0.2 * rate } else { rate };
        }
        self.refresh();
    }

    fn refresh(&mut self) {
        let (Some(sim), Some(source)) = (&self.sim, &self.source) else { return };
        if let (Some(pose), Some(frame)) = (sim.pose(), sim.latest()) {
            let loads = Loads::between(frame, frame, 0.0, source.body_weight);
            self.shown = Some(Shown { skeleton: Skeleton::of(pose, Vec3::ZERO), loads, time_s: sim.time() });
        }
    }

    /// The simulation was started from a scene that is no longer the one shown.
    pub fn stale(&self, current: &SharedSim) -> bool {
        self.source.as_ref().is_some_and(|s| !Arc::ptr_eq(s, current))
    }
}

/// Steps the live simulation by the frame's wall time × playback speed, while playing.
pub fn step_live(
    time: Res<Time<Real>>,
    playback: Res<Playback>,
    viewer: Res<crate::skeleton::Viewer>,
    mut live: ResMut<Live>,
) {
    if !live.active {
        return;
    }
    if live.stale(&viewer.sim) {
        let sim = viewer.sim.clone();
        live.start(&sim);
    }
    if playback.playing {
        live.advance(time.delta_secs_f64() * playback.speed);
    }
}
