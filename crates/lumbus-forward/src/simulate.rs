//! The run loop: step the world, drive it, read the contacts, and at every output frame turn the
//! simulated motion into a `Pose` that the engine's pipeline (`Engine::frame_of`) takes with the
//! contact ground reaction: joint loads by the engine's Newton–Euler on the simulated motion.

use crate::contact::{ContactEvent, EVENT_THRESHOLD_N, LoadWindow, foot_load};
use crate::controller::{Command, Controller, Gains, State};
use crate::convert::*;
use crate::targets::{Target, relative, tabulate};
use crate::world::{self, World};
use lumbus_core::dynamics::{FootLoad, GroundReaction};
use lumbus_core::gait::{Contact, Pose};
use lumbus_core::jet::{c, rot_z, rot_zxy};
use lumbus_core::model::{N_SEGMENTS, PARENT, PELVIS, Segment};
use lumbus_core::pipeline::zxy_angles;
use lumbus_core::{Engine, Frame, RunError, Summary};
use nalgebra::{Matrix3, Vector3};
use rapier3d_f64::prelude::RigidBodyHandle;

/// Names of the 12 joints, indexed by child segment − 1.
pub const JOINT_NAMES: [&str; N_SEGMENTS - 1] = [
    "L5_S1", "L4_L5", "L3_L4", "L2_L3", "L1_L2", "T12_L1", "hip_r", "knee_r", "ankle_r", "hip_l", "knee_l",
    "ankle_l",
];

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ForwardOptions {
    /// Cycles simulated before the reported ones (the controller settles from the start).
    pub warmup_cycles: u32,
    /// Largest physics step, s (the step is the frame interval divided evenly). 0.25 ms: at 1 ms
    /// the ankles, stiff enough to carry their moments on a 1 kg foot, tracked to only ~2.7° RMS.
    pub max_dt: f64,
    pub gains: Gains,
    pub friction: f64,
}

impl Default for ForwardOptions {
    fn default() -> Self {
        ForwardOptions {
            warmup_cycles: 1,
            max_dt: 2.5e-4,
            gains: Gains::default(),
            friction: world::FRICTION,
        }
    }
}

/// How closely the simulation followed the plan over the reported cycles.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TrackingError {
    /// RMS of each joint's rotation error (angle of plan⁻¹ · simulated relative rotation), deg.
    pub joint_rms_deg: [f64; N_SEGMENTS - 1],
    pub joint_max_deg: [f64; N_SEGMENTS - 1],
    /// Pelvis origin distance from the plan's, m.
    pub pelvis_rms_m: f64,
    pub pelvis_max_m: f64,
    /// Pelvis distance from the plan at the last frame, m (drift).
    pub pelvis_final_m: f64,
}

/// Everything a forward run gives.
#[derive(Clone, Debug)]
pub struct ForwardOutput {
    /// Engine frames of the reported cycles (times counted from the end of the warm-up).
    pub frames: Vec<Frame>,
    pub summary: Summary,
    pub tracking: TrackingError,
    pub events: Vec<ContactEvent>,
    /// Per reported frame: the pelvis residual force and torque, N and N·m.
    pub residual_force_n: Vec<[f64; 3]>,
    pub residual_torque_nm: Vec<[f64; 3]>,
    /// Per reported frame: the right foot's share of the vertical ground reaction from contact,
    /// and the smooth-transition assumption's share (NaN when no foot is loaded).
    pub share_contact: Vec<f64>,
    pub share_plan: Vec<f64>,
    pub dt: f64,
    pub steps: usize,
}

/// The bodies' state. Centres of mass from the model (rapier fills its own only at a step).
fn read_state(w: &World, segments: &[Segment]) -> State {
    let get = |h: RigidBodyHandle| &w.physics.bodies[h];
    let rot: [Matrix3<f64>; N_SEGMENTS] = std::array::from_fn(|s| rot_to_na(*get(w.bodies[s]).rotation()));
    let origin: [Vector3<f64>; N_SEGMENTS] = std::array::from_fn(|s| to_na(get(w.bodies[s]).translation()));
    State {
        com: std::array::from_fn(|s| origin[s] + rot[s] * segments[s].com),
        rot,
        origin,
        com_vel: std::array::from_fn(|s| to_na(get(w.bodies[s]).linvel())),
        omega: std::array::from_fn(|s| to_na(get(w.bodies[s]).angvel())),
    }
}

/// The simulated motion as the engine's `Pose`: positions and velocities at the frame's instant
/// `x`, accelerations over the window `from` → `to` (consistent with its contact impulses), and the
/// lumbar and leg quantities recomputed from the simulated bodies the way the plan defines them.
fn simulated_pose(
    engine: &Engine,
    w: &World,
    x: &State,
    from: &State,
    to: &State,
    span: f64,
    time: f64,
    grf: &GroundReaction,
) -> Pose {
    let m = &engine.model;
    let mut pose = engine.pose(time);
    pose.time = time;
    pose.rot = x.rot;
    pose.origin = x.origin;
    pose.omega = x.omega;
    pose.com = x.com;
    pose.alpha = std::array::from_fn(|s| (to.omega[s] - from.omega[s]) / span);
    pose.com_acc = std::array::from_fn(|s| (to.com_vel[s] - from.com_vel[s]) / span);
    let anchor = |s: usize| x.origin[s] + x.rot[s] * w.anchor[s];
    for k in 0..5 {
        let s = 5 - k;
        let lower = if PARENT[s] == PELVIS {
            x.rot[PELVIS] * rot_z(c(-m.sacral_slope)).map(|v| v.re)
        } else {
            x.rot[PARENT[s]]
        };
        let [e, b, r] = zxy_angles(&(lower.transpose() * x.rot[s]));
        pose.disc_centre[k] = anchor(s);
        pose.disc_rot[k] = lower * rot_zxy(c(0.5 * e), c(0.5 * b), c(0.5 * r)).map(|v| v.re);
        pose.level_angles[k] = [e, b, r];
        pose.level_deviation[k] = Vector3::new(b, r, e - m.levels[k].lordosis);
    }
    let total: f64 = grf.feet.iter().map(|f| f.force.y.max(0.0)).sum();
    for side in 0..2 {
        let femur = lumbus_core::model::FEMUR[side];
        let shank = lumbus_core::model::SHANK[side];
        pose.hip_centre[side] = anchor(femur);
        let cos = x.rot[femur].column(1).dot(&x.rot[shank].column(1));
        pose.knee_flexion[side] = cos.clamp(-1.0, 1.0).acos();
        let f = grf.feet[side].force.y;
        pose.contacts[side] = Contact {
            in_stance: f > EVENT_THRESHOLD_N,
            point: grf.feet[side].cop,
            share: if total > 0.0 { f.max(0.0) / total } else { 0.0 },
        };
    }
    pose
}

/// Runs the forward path: `warmup_cycles` then the scene's cycles, reporting the latter.
pub fn simulate(engine: &Engine, opts: &ForwardOptions) -> Result<ForwardOutput, RunError> {
    let plan = &engine.plan;
    let fail = |t: f64, reason: String| RunError::Failed { time_s: t, reason };
    if !plan.walking {
        return Err(fail(0.0, "the forward path simulates walking scenes only".into()));
    }
    let g = &engine.model.scene.gait;
    let fpc = g.frames_per_cycle as usize;
    let period = plan.period;
    let spf = ((period / fpc as f64) / opts.max_dt).ceil() as usize;
    let per_cycle = fpc * spf;
    let dt = period / per_cycle as f64;
    let table: Vec<Target> = tabulate(engine, per_cycle).map_err(|e| fail(0.0, e))?;
    let mut w = world::build(engine, &table[0], dt, opts.friction);
    let mut peak = [0.0f64; N_SEGMENTS];
    for tg in &table {
        for s in 0..N_SEGMENTS {
            peak[s] = peak[s].max(tg.moment[s].norm());
        }
    }
    let ctl = Controller::new(&engine.model.segments, &table[0], &peak, opts.gains, dt);
    let mut cmd = Command::default();
    let mut ws = engine.workspace();

    // At least one warm-up cycle: the first frame's averaging window starts before it.
    let warm = opts.warmup_cycles.max(1) as usize;
    let cycles = warm + g.cycles as usize;
    let mut out = ForwardOutput {
        frames: Vec::with_capacity(fpc * g.cycles as usize),
        summary: Summary::default(),
        tracking: TrackingError::default(),
        events: Vec::new(),
        residual_force_n: Vec::new(),
        residual_torque_nm: Vec::new(),
        share_contact: Vec::new(),
        share_plan: Vec::new(),
        dt,
        steps: cycles * per_cycle,
    };
    let mut loaded = [false; 2];
    let (mut sq_joint, mut n_track) = ([0.0; N_SEGMENTS - 1], 0usize);
    let (mut sq_pelvis, mut max_pelvis) = (0.0, 0.0f64);
    let mut x = read_state(&w, &engine.model.segments);
    // Each output frame averages a window of `spf` steps centred on its instant: accelerations
    // are the change of velocity over the window and ground reactions its impulses over the
    // window, so the frame's Newton–Euler balances exactly while the stiff contact's and
    // controller's step-to-step ringing (hundreds of Hz) is averaged out, as a force plate and
    // filtered motion capture sampled at the frame rate would average it.
    let half = spf / 2;
    let mut window = [LoadWindow::default(); 2];
    let mut start = x.clone();
    let mut centre = (x.clone(), 0usize, 0.0f64, Command::default());
    for step in 0..cycles * per_cycle {
        let (cycle, i) = (step / per_cycle, step % per_cycle);
        let target = &table[i];
        let shift = cycle as f64 * plan.stride;
        let t = step as f64 * dt;
        ctl.command(&x, target, shift, &mut cmd);
        for s in 0..N_SEGMENTS {
            let b = &mut w.physics.bodies[w.bodies[s]];
            b.reset_forces(false);
            b.reset_torques(false);
            b.add_torque(to_glam(&cmd.torque[s]), false);
        }
        let pelvis = &mut w.physics.bodies[w.bodies[PELVIS]];
        pelvis.add_force(to_glam(&cmd.residual_force), false);
        pelvis.add_torque(to_glam(&cmd.residual_torque), false);
        w.physics.step();
        let next = read_state(&w, &engine.model.segments);
        let grf: [FootLoad; 2] = std::array::from_fn(|side| foot_load(&w.physics, w.feet[side], w.ground));

        let planned_pelvis = target.pose.origin[PELVIS] + Vector3::new(shift, 0.0, 0.0);
        let off = (x.origin[PELVIS] - planned_pelvis).norm();
        if off > 0.25 || !off.is_finite() {
            return Err(fail(t, format!("the model fell: pelvis {off:.3} m from the plan")));
        }
        for side in 0..2 {
            let on = grf[side].force.y > EVENT_THRESHOLD_N;
            if on != loaded[side] && cycle >= warm {
                out.events.push(ContactEvent {
                    time_s: t - (warm as f64) * period,
                    cycle_pct: 100.0 * i as f64 / per_cycle as f64,
                    side,
                    strike: on,
                });
            }
            loaded[side] = on;
        }

        let (frame_index, offset) = ((step + half) / spf, (step + half) % spf);
        if offset == 0 {
            start = x.clone();
            window = [LoadWindow::default(); 2];
        }
        for side in 0..2 {
            window[side].add(&grf[side], dt);
        }
        if offset == half {
            centre = (x.clone(), i, off, cmd.clone());
        }
        if offset == spf - 1 && frame_index >= warm * fpc {
            let (xc, ic, offc, cmdc) = &centre;
            let target = &table[*ic];
            let time = (frame_index - warm * fpc) as f64 * spf as f64 * dt;
            let ground = GroundReaction { feet: [window[0].mean(), window[1].mean()] };
            let mut pose = simulated_pose(engine, &w, xc, &start, &next, spf as f64 * dt, time, &ground);
            pose.phase = *ic as f64 / per_cycle as f64;
            let frame = engine.frame_of(&pose, Some(&ground), &mut ws)?;
            out.frames.push(frame);
            out.residual_force_n.push(cmdc.residual_force.into());
            out.residual_torque_nm.push(cmdc.residual_torque.into());
            let fy = [ground.feet[0].force.y, ground.feet[1].force.y];
            let total = fy[0].max(0.0) + fy[1].max(0.0);
            out.share_contact.push(if total > 0.0 { fy[0].max(0.0) / total } else { f64::NAN });
            out.share_plan.push(target.pose.contacts[0].share);
            for s in 1..N_SEGMENTS {
                let e = log_rot(&(relative(&target.pose.rot, s).transpose() * relative(&xc.rot, s)))
                    .norm()
                    .to_degrees();
                sq_joint[s - 1] += e * e;
                out.tracking.joint_max_deg[s - 1] = out.tracking.joint_max_deg[s - 1].max(e);
            }
            n_track += 1;
            sq_pelvis += offc * offc;
            max_pelvis = max_pelvis.max(*offc);
            out.tracking.pelvis_final_m = *offc;
        }
        x = next;
    }
    let n = n_track.max(1) as f64;
    out.tracking.joint_rms_deg = sq_joint.map(|s| (s / n).sqrt());
    out.tracking.pelvis_rms_m = (sq_pelvis / n).sqrt();
    out.tracking.pelvis_max_m = max_pelvis;
    out.summary = engine.summarise(&out.frames);
    Ok(out)
}
