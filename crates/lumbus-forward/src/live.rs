//! Live physics for the viewer: the same world, controller and frames as `simulate`, stepped on
//! demand (`advance`) for as long as the caller wants (the plan is periodic), with pushes on any
//! segment and the ground's friction changed on the fly. Every output frame is computed as soon
//! as its window of steps is complete (causal: accelerations from the window's velocity change,
//! as `simulate` with `cutoff_hz: None`), so the loads answer a push within one frame.
//!
//! Memory is fixed after `new`: the tabulated cycle, the world, and one frame.

use crate::contact::LoadWindow;
use crate::controller::{Command, Controller, Gains, State};
use crate::convert::*;
use crate::simulate::{
    ForwardOptions, Tracking, contacts_from, ground_from_motion, pelvis_offset, read_state, simulated_pose,
    step_world,
};
use crate::targets::{Table, Track};
use crate::world::{self, World};
use lumbus_core::dynamics::{FootLoad, GroundReaction, Wrench};
use lumbus_core::gait::Pose;
use lumbus_core::model::{FOOT, N_SEGMENTS, PELVIS};
use lumbus_core::{Engine, Frame, RunError, Workspace};
use nalgebra::{Matrix3, Vector3};
use std::sync::Arc;

/// Allowed ground friction coefficients (0: ice; 2: well beyond any shoe on a floor).
pub const FRICTION_RANGE: (f64, f64) = (0.0, 2.0);

/// What a live simulation is built with (the step, the controller's gains, the friction).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LiveOptions {
    pub max_dt: f64,
    pub gains: Gains,
    pub friction: f64,
}

impl Default for LiveOptions {
    /// The batch path's step, gains and friction (see `ForwardOptions::max_dt`).
    fn default() -> Self {
        LiveOptions::from(&ForwardOptions::default())
    }
}

impl From<&ForwardOptions> for LiveOptions {
    fn from(f: &ForwardOptions) -> Self {
        LiveOptions { max_dt: f.max_dt, gains: f.gains, friction: f.friction }
    }
}

/// A steppable forward simulation of the engine's gait.
pub struct LiveSim {
    engine: Arc<Engine>,
    opts: LiveOptions,
    table: Arc<Table>,
    ctl: Controller,
    w: World,
    ws: Workspace,
    wrenches: [Wrench; N_SEGMENTS],
    cmd: Command,
    /// The targets at the current step.
    target: Track,
    dt: f64,
    /// Steps per output frame and per cycle.
    spf: usize,
    per_cycle: usize,
    /// Steps done, and the steps `advance` has been asked for (fractional time carried over).
    step: u64,
    requested_s: f64,
    x: State,
    /// The current frame's window: the state at its start, at its centre (with the centre's
    /// step index in the cycle), the contact and the applied loads' impulses over it.
    start: State,
    centre: (State, usize),
    window: [LoadWindow; 2],
    residual: Wrench,
    applied: [Wrench; N_SEGMENTS],
    /// Force on each segment's centre of mass: held, and pushed (force, steps left).
    held: [Vector3<f64>; N_SEGMENTS],
    pushes: [(Vector3<f64>, u64); N_SEGMENTS],
    friction: f64,
    last_load: [FootLoad; 2],
    latest: Option<Frame>,
    /// The simulated pose the latest frame was computed on (for drawing it).
    latest_pose: Option<Pose>,
    fallen: Option<RunError>,
}

impl LiveSim {
    /// Tabulates the gait's cycle and builds the world at its start (the plan's first pose and
    /// velocities). Walking scenes only, as `simulate`.
    pub fn new(engine: Arc<Engine>, opts: &LiveOptions) -> Result<LiveSim, RunError> {
        let fail = |reason: String| RunError::Failed { time_s: 0.0, reason };
        check_friction(opts.friction).map_err(fail)?;
        let Tracking { table, ctl, spf, .. } =
            Tracking::new(&engine, opts.max_dt, opts.gains).map_err(fail)?;
        Ok(Self::start(engine, opts, Arc::new(table), ctl, spf))
    }

    fn start(
        engine: Arc<Engine>,
        opts: &LiveOptions,
        table: Arc<Table>,
        ctl: Controller,
        spf: usize,
    ) -> LiveSim {
        let per_cycle = table.steps;
        let dt = engine.plan.period / per_cycle as f64;
        let w = world::build(&engine, &table.grid, dt, opts.friction);
        let x = read_state(&w, &engine.model.segments);
        LiveSim {
            ws: engine.workspace(),
            table,
            ctl,
            wrenches: [Wrench::default(); N_SEGMENTS],
            cmd: Command::default(),
            target: Track::default(),
            dt,
            spf,
            per_cycle,
            step: 0,
            requested_s: 0.0,
            start: x.clone(),
            centre: (x.clone(), 0),
            x,
            w,
            window: [LoadWindow::default(); 2],
            residual: Wrench::default(),
            applied: [Wrench::default(); N_SEGMENTS],
            held: [Vector3::zeros(); N_SEGMENTS],
            pushes: [(Vector3::zeros(), 0); N_SEGMENTS],
            friction: opts.friction,
            last_load: [FootLoad::default(); 2],
            latest: None,
            latest_pose: None,
            fallen: None,
            opts: *opts,
            engine,
        }
    }

    /// Back to the start of the gait: a new world, no loads, the friction of the options (the
    /// tabulated cycle and the controller are kept).
    pub fn reset(&mut self) {
        *self = Self::start(self.engine.clone(), &self.opts, self.table.clone(), self.ctl.clone(), self.spf);
    }

    /// Steps the physics forward by `seconds` of simulated time (whole steps; the remainder is
    /// carried to the next call). Frames are computed as their windows complete; `latest` gives
    /// the newest. Once the model has fallen (the pelvis more than 25 cm from the plan), or a
    /// frame fails, every call returns that error until `reset`.
    pub fn advance(&mut self, seconds: f64) -> Result<(), RunError> {
        if let Some(e) = &self.fallen {
            return Err(e.clone());
        }
        if !(seconds.is_finite() && seconds >= 0.0) {
            return Err(RunError::Failed {
                time_s: self.time(),
                reason: format!("advance: seconds must be finite and ≥ 0, got {seconds}"),
            });
        }
        self.requested_s += seconds;
        // Half a step of slack so that asking for k·dt gives exactly k steps despite rounding.
        let target = ((self.requested_s / self.dt) + 0.5).floor() as u64;
        while self.step < target {
            if let Err(e) = self.step_once() {
                self.fallen = Some(e.clone());
                return Err(e);
            }
        }
        Ok(())
    }

    fn step_once(&mut self) -> Result<(), RunError> {
        let engine = &*self.engine;
        let segments = &engine.model.segments;
        let (spf, dt) = (self.spf, self.dt);
        let step = self.step as usize;
        let (cycle, i) = (step / self.per_cycle, step % self.per_cycle);
        self.table.at(i, &mut self.target);
        let shift = cycle as f64 * engine.plan.advance_per_cycle();
        let t = step as f64 * dt;
        let x = &self.x;
        self.ctl.command(x, &self.target, shift, &mut self.cmd);
        let mut force = [Vector3::zeros(); N_SEGMENTS];
        for s in 0..N_SEGMENTS {
            force[s] = self.held[s];
            if self.pushes[s].1 > 0 {
                force[s] += self.pushes[s].0;
                self.pushes[s].1 -= 1;
            }
        }
        crate::world::clear_swing_feet(&mut self.w, &engine.plan, i as f64 / self.per_cycle as f64);
        let (next, grf) = step_world(&mut self.w, segments, &self.cmd, &force);
        self.last_load = grf;
        pelvis_offset(x, &self.target, shift).map_err(|reason| RunError::Failed { time_s: t, reason })?;

        // The frame windows exactly as `simulate`'s (centred on each frame's instant).
        let half = spf / 2;
        let (frame_index, offset) = ((step + half) / spf, (step + half) % spf);
        if offset == 0 {
            self.start = x.clone();
            self.window = [LoadWindow::default(); 2];
            self.residual = Wrench::default();
            self.applied = [Wrench::default(); N_SEGMENTS];
        }
        let r_moment = x.com[PELVIS].cross(&self.cmd.residual_force) + self.cmd.residual_torque;
        self.residual = self.residual + Wrench { force: self.cmd.residual_force * dt, moment: r_moment * dt };
        for s in 0..N_SEGMENTS {
            let f = force[s];
            self.applied[s] = self.applied[s] + Wrench { force: f * dt, moment: x.com[s].cross(&f) * dt };
        }
        for side in 0..2 {
            self.window[side].add(&grf[side], dt);
        }
        if offset == half {
            self.centre = (x.clone(), i);
        }
        let done = offset == spf - 1 && frame_index >= 1;
        self.x = next;
        self.step += 1;
        if done {
            self.latest = Some(self.frame(frame_index)?);
        }
        Ok(())
    }

    /// The engine's frame for the window just completed (`self.x` is its end state).
    fn frame(&mut self, frame_index: usize) -> Result<Frame, RunError> {
        let engine = &*self.engine;
        let (xc, ic) = &self.centre;
        let span = self.spf as f64 * self.dt;
        let time = (frame_index * self.spf) as f64 * self.dt;
        let contact = GroundReaction { feet: [self.window[0].mean(), self.window[1].mean()] };
        let mut pose: Pose =
            simulated_pose(engine, &self.w, engine.pose(time), xc, &self.start, &self.x, span, time);
        pose.contacts = contacts_from(&contact);
        pose.phase = *ic as f64 / self.per_cycle as f64;
        let mean = |w: &Wrench| Wrench { force: w.force / span, moment: w.moment / span };
        let external: [Wrench; N_SEGMENTS] = std::array::from_fn(|s| mean(&self.applied[s]));
        let pushed = external.iter().fold(Wrench::default(), |a, w| a + *w);
        let applied = mean(&self.residual) + pushed;
        let fail = |reason: String| RunError::Failed { time_s: time, reason };
        let ground = ground_from_motion(engine, &pose, &applied, &mut self.wrenches).map_err(fail)?;
        let frame = engine.frame_with_loads(&pose, Some(&ground), &external, &mut self.ws);
        self.latest_pose = Some(pose);
        frame
    }

    /// Simulated time since the start (or the last `reset`), s.
    pub fn time(&self) -> f64 {
        self.step as f64 * self.dt
    }

    /// The physics step, s.
    pub fn dt(&self) -> f64 {
        self.dt
    }

    /// The interval between output frames, s (the scene's cycle over its frames per cycle).
    pub fn frame_interval(&self) -> f64 {
        self.spf as f64 * self.dt
    }

    /// The engine frame of the newest completed window (ground reaction from contact, joint
    /// loads from the simulated motion and any push), `None` before the first one.
    pub fn latest(&self) -> Option<&Frame> {
        self.latest.as_ref()
    }

    /// The simulated pose of `latest`'s instant (segments, discs, hip centres), for drawing it.
    pub fn pose(&self) -> Option<&Pose> {
        self.latest_pose.as_ref()
    }

    /// Every segment's rotation (columns: its axes in the world) and origin now, world frame.
    pub fn segment_frames(&self) -> ([Matrix3<f64>; N_SEGMENTS], [Vector3<f64>; N_SEGMENTS]) {
        (self.x.rot, self.x.origin)
    }

    /// Holds `force_n` (world frame, N) on `segment`'s centre of mass until changed (zero to
    /// release). It enters the engine's frames as an external load on that segment.
    pub fn set_external_force(&mut self, segment: usize, force_n: Vector3<f64>) -> Result<(), String> {
        check_force(segment, &force_n)?;
        self.held[segment] = force_n;
        Ok(())
    }

    /// Pushes `segment`'s centre of mass with `force_n` (world frame, N) for `duration_s`
    /// (rounded to whole steps), replacing any push on it still running.
    pub fn push(&mut self, segment: usize, force_n: Vector3<f64>, duration_s: f64) -> Result<(), String> {
        check_force(segment, &force_n)?;
        if !(duration_s.is_finite() && (0.0..=10.0).contains(&duration_s)) {
            return Err(format!("push: duration_s must be in 0–10 s, got {duration_s}"));
        }
        self.pushes[segment] = (force_n, (duration_s / self.dt).round() as u64);
        Ok(())
    }

    /// Sets the ground's (and the soles') friction coefficient from the next step on.
    pub fn set_friction(&mut self, mu: f64) -> Result<(), String> {
        check_friction(mu)?;
        self.friction = mu;
        for c in [self.w.ground, self.w.feet[0], self.w.feet[1]] {
            self.w.physics.colliders[c].set_friction(mu);
        }
        Ok(())
    }

    pub fn friction(&self) -> f64 {
        self.friction
    }

    /// True once the model has fallen (or a frame failed); `advance` then does nothing until
    /// `reset`.
    pub fn fallen(&self) -> bool {
        self.fallen.is_some()
    }

    /// The contact solver's force on each foot [right, left] over the last step, world frame, N.
    pub fn contact_force_n(&self) -> [Vector3<f64>; 2] {
        self.last_load.map(|l| l.force)
    }

    /// Each foot's horizontal sliding speed at its centre of pressure over the last step, m/s
    /// (zero for a foot off the ground): a rolling foot's contact point is at rest, so this is
    /// the slip.
    pub fn foot_slip_mps(&self) -> [f64; 2] {
        std::array::from_fn(|side| {
            let load = &self.last_load[side];
            if load.force.y <= crate::contact::EVENT_THRESHOLD_N {
                return 0.0;
            }
            let s = FOOT[side];
            let b = &self.w.physics.bodies[self.w.bodies[s]];
            let com = to_na(b.center_of_mass());
            let v = to_na(b.linvel()) + to_na(b.angvel()).cross(&(load.cop - com));
            (v.x * v.x + v.z * v.z).sqrt()
        })
    }
}

fn check_friction(mu: f64) -> Result<(), String> {
    let (lo, hi) = FRICTION_RANGE;
    if mu.is_finite() && (lo..=hi).contains(&mu) {
        Ok(())
    } else {
        Err(format!("friction must be in {lo}–{hi}, got {mu}"))
    }
}

fn check_force(segment: usize, force: &Vector3<f64>) -> Result<(), String> {
    if segment >= N_SEGMENTS {
        return Err(format!("segment must be 0–{}, got {segment}", N_SEGMENTS - 1));
    }
    if !force.iter().all(|v| v.is_finite()) {
        return Err(format!("force must be finite, got {force:?}"));
    }
    Ok(())
}
