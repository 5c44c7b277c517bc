//! The run loop: step the world, drive it, read the contacts, and at every output frame turn the
//! simulated motion into a `Pose` that the engine's pipeline (`Engine::frame_of`) takes with the
//! contact ground reaction: joint loads by the engine's Newton–Euler on the simulated motion.

use crate::contact::{ContactEvent, EVENT_THRESHOLD_N, foot_load};
use crate::controller::{Command, Controller, Gains, State};
use crate::convert::*;
use crate::targets::{Target, relative, tabulate};
use crate::world::{self, World};
use lumbus_core::dynamics::GroundReaction;
use lumbus_core::gait::{Contact, Pose};
use lumbus_core::jet::{c, rot_z, rot_zxy};
use lumbus_core::model::{FOOT, N_SEGMENTS, PARENT, PELVIS, Segment};
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
    /// Largest physics step, s (the step is the frame interval divided evenly).
    pub max_dt: f64,
    pub gains: Gains,
    pub friction: f64,
}

impl Default for ForwardOptions {
    fn default() -> Self {
        ForwardOptions { warmup_cycles: 1, max_dt: 1e-3, gains: Gains::default(), friction: world::FRICTION }
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

/// The simulated motion at a step as the engine's `Pose`: positions and velocities at the step's
/// start, accelerations over the step (consistent with the step's contact impulses), and the
/// lumbar and leg quantities recomputed from the simulated bodies the way the plan defines them.
fn simulated_pose(
    engine: &Engine,
    w: &World,
    x: &State,
    next: &State,
    dt: f64,
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
    pose.alpha = std::array::from_fn(|s| (next.omega[s] - x.omega[s]) / dt);
    pose.com_acc = std::array::from_fn(|s| (next.com_vel[s] - x.com_vel[s]) / dt);
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
    let ctl = Controller::new(&engine.model.segments, &table[0], opts.gains, dt);
    let mut cmd = Command::default();
    let mut ws = engine.workspace();

    let warm = opts.warmup_cycles as usize;
    let cycles = warm + g.cycles as usize;
    let bw = engine.model.body_weight;
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
    if std::env::var("LUMBUS_DEBUG").is_ok() {
        eprintln!(
            "start vel {:?} want {:?} com {:?} want {:?}",
            x.com_vel[0], table[0].com_vel[0], x.com[0], table[0].pose.com[0]
        );
        eprintln!("table1 com {:?} ", (table[1].pose.com[0] - table[0].pose.com[0]) / dt);
    }
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
        let grf = GroundReaction {
            feet: std::array::from_fn(|side| foot_load(&w.physics, w.feet[side], w.ground)),
        };

        let planned_pelvis = target.pose.origin[PELVIS] + Vector3::new(shift, 0.0, 0.0);
        let off = (x.origin[PELVIS] - planned_pelvis).norm();
        if std::env::var("LUMBUS_DEBUG").is_ok() && (step < 10 || step % 10 == 0) {
            let worst = (1..N_SEGMENTS)
                .map(|s| {
                    log_rot(&(relative(&target.pose.rot, s).transpose() * relative(&x.rot, s)))
                        .norm()
                        .to_degrees()
                })
                .collect::<Vec<_>>();
            eprintln!(
                "{t:.3} off {:?} grf {:.0} {:.0} plan share {:.2} res {:.0?} {:.0?} err {:.1?}",
                x.origin[PELVIS] - planned_pelvis,
                grf.feet[0].force.y,
                grf.feet[1].force.y,
                target.pose.contacts[0].share,
                cmd.residual_force,
                cmd.residual_torque,
                worst
            );
        }
        if off > 0.25 || !off.is_finite() {
            return Err(fail(t, format!("the model fell: pelvis {off:.3} m from the plan")));
        }
        for side in 0..2 {
            let on = grf.feet[side].force.y > EVENT_THRESHOLD_N;
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

        if cycle >= warm && i % spf == 0 {
            let time = t - (warm as f64) * period;
            let mut pose = simulated_pose(engine, &w, &x, &next, dt, time, &grf);
            pose.phase = i as f64 / per_cycle as f64;
            let frame = engine.frame_of(&pose, Some(&grf), &mut ws)?;
            out.frames.push(frame);
            out.residual_force_n.push(cmd.residual_force.into());
            out.residual_torque_nm.push(cmd.residual_torque.into());
            let total = grf.feet[0].force.y + grf.feet[1].force.y;
            out.share_contact.push(if total > 0.0 { grf.feet[0].force.y / total } else { f64::NAN });
            out.share_plan.push(target.pose.contacts[0].share);
            for s in 1..N_SEGMENTS {
                let e = log_rot(&(relative(&target.pose.rot, s).transpose() * relative(&x.rot, s)))
                    .norm()
                    .to_degrees();
                sq_joint[s - 1] += e * e;
                out.tracking.joint_max_deg[s - 1] = out.tracking.joint_max_deg[s - 1].max(e);
            }
            n_track += 1;
            sq_pelvis += off * off;
            max_pelvis = max_pelvis.max(off);
            out.tracking.pelvis_final_m = off;
        }
        x = next;
    }
    let _ = bw;
    let n = n_track.max(1) as f64;
    out.tracking.joint_rms_deg = sq_joint.map(|s| (s / n).sqrt());
    out.tracking.pelvis_rms_m = (sq_pelvis / n).sqrt();
    out.tracking.pelvis_max_m = max_pelvis;
    out.summary = engine.summarise(&out.frames);
    let _ = FOOT;
    let _: fn(&Matrix3<f64>) -> _ = rot_to_glam;
    Ok(out)
}
