//! The model as a rapier world: 13 rigid bodies with the model's mass properties, 12 ball
//! joints at the joint centres the gait plan uses, two rocker-sole feet on a frictional ground.
//!
//! All joints are spherical (3 rotational DoF), the lumbar chain included: keeping the five
//! vertebrae as bodies lets the engine's Newton–Euler see each level's simulated motion, which
//! the L4–L5 / L5–S1 cross-check needs. Knees are spherical too: the tracking controller holds
//! their two extra rotations at the plan's (zero) values, which keeps the joint set uniform.
//! Only the feet have colliders; no other body can touch anything.

use crate::convert::*;
use crate::targets::{Target, joint_centre};
use lumbus_core::Engine;
use lumbus_core::gait::GaitPlan;
use lumbus_core::model::{FOOT, N_SEGMENTS, PARENT, RIGHT};
use nalgebra::{Matrix3, Vector3};
use rapier3d_f64::math::{Pose as RPose, Vector as RVec};
use rapier3d_f64::prelude::*;

/// Natural frequency of the foot–ground contact's position correction, Hz (tuned).
pub const CONTACT_HZ: f64 = 300.0;
/// Rotational inertia added to every body about each axis in the physics world only, kg·m²
/// (an "armature", as joint-space armature in MuJoCo and PhysX articulations, or Unreal's
/// inertia conditioning, which "helps stabilize joint chains, especially when bodies are small":
/// Unreal Engine 5.3 API, FBodyInstance::bInertiaConditioning). The vertebrae and feet are light
/// bodies between stiff joints; the stable-PD factor cut their gains as the step grew. The
/// engine's loads use the model's own inertias on the simulated motion; the controller absorbs
/// the difference. Tuned (assumption): on normal walking at 0.5 ms steps, 0.02 / 0.03 / 0.05
/// gave GRF peaks 1.297 / 1.294 / 1.288 BW and L4–L5 net moment 8.5 / 8.4 / 9.2 % RMS of peak;
/// without it 0.5 ms gave 1.321 BW and 13.0 %.
pub const ARMATURE_KGM2: f64 = 0.03;
/// Rapier solver iterations (substeps) per step.
pub const SOLVER_ITERATIONS: usize = 1;
/// Rapier's velocity passes without position-correction bias after each substep (its default 1).
pub const STABILIZATION_ITERATIONS: usize = 0;
/// Half the sole's width, m (assumption: a 9 cm wide shoe sole).
const SOLE_HALF_WIDTH: f64 = 0.045;
/// Shoe-on-floor friction coefficient (assumption: a dry floor; walking needs a required
/// coefficient of friction of about 0.2, so anything above ~0.5 never slips).
pub const FRICTION: f64 = 0.8;

/// The world and the handles of what the controller and readout touch.
pub struct World {
    pub physics: PhysicsWorld,
    pub bodies: [RigidBodyHandle; N_SEGMENTS],
    pub feet: [ColliderHandle; 2],
    pub ground: ColliderHandle,
    /// Each body's joint centre (with its parent) in its own frame.
    pub anchor: [Vector3<f64>; N_SEGMENTS],
}

/// Points along the sole's profile kept in the collider. The hull's cost per step (its bounding
/// box is recomputed from every vertex, and the contact manifold searches them) grows with the
/// count; 24 points over the ~25 cm rolled length are chords of ~1 cm. Tuned on normal walking
/// (L4–L5 net moment's RMS difference from the inverse path, % of its peak; GRF peaks), at
/// 0.84 ms with rapier's stabilisation pass: 24 points 9.2 %, 1.27 BW; 30 9.3 %; 40 9.2 %;
/// 60 9.4 %, 1.27 BW; at 0.99 ms without it: 12 7.3 %, 1.25 BW; 20 7.0 %; 24 7.4 %, 1.27 BW;
/// 40 7.4 %; 60 7.7 %, 1.27 BW. With 24 instead of 60 a run takes 7 % fewer instructions.
const SOLE_SAMPLES: usize = 24;

/// Sole profile in the foot frame, sampled where the plan's stance rolls the foot: the planned
/// contact point expressed in the foot frame at the tabulated instants of the cycle (`grid`,
/// a few hundred) where the right foot is in stance, `SOLE_SAMPLES` of them evenly spread over
/// the stance. The collider is the convex hull of this profile extruded across the sole's width
/// (and the ankle, to close the solid).
fn sole_points(grid: &[Target]) -> Vec<RVec> {
    let f = FOOT[RIGHT];
    let profile: Vec<Vector3<f64>> = grid
        .iter()
        .map(|t| &t.pose)
        .filter(|pose| pose.contacts[RIGHT].in_stance)
        .map(|pose| pose.rot[f].transpose() * (pose.contacts[RIGHT].point - pose.origin[f]))
        .collect();
    let last = profile.len() - 1;
    let mut pts = Vec::new();
    for k in 0..SOLE_SAMPLES {
        let local = profile[(k * last + (SOLE_SAMPLES - 1) / 2) / (SOLE_SAMPLES - 1)];
        for z in [-SOLE_HALF_WIDTH, SOLE_HALF_WIDTH] {
            pts.push(RVec::new(local.x, local.y, z));
        }
    }
    for z in [-SOLE_HALF_WIDTH, SOLE_HALF_WIDTH] {
        pts.push(RVec::new(0.0, 0.0, z));
    }
    pts
}

/// Builds the world at the first tabulated instant's pose and velocities (`grid`: one cycle).
pub fn build(engine: &Engine, grid: &[Target], dt: f64, friction: f64) -> World {
    let start = &grid[0];
    let mut physics = PhysicsWorld::new();
    physics.gravity = RVec::new(0.0, -lumbus_core::model::GRAVITY, 0.0);
    physics.integration_parameters.dt = dt;
    // One solver iteration (one substep) per step instead of rapier's four: measured on normal
    // walking at 0.25 ms steps, before the armature, 1.7× faster and closer to the inverse path
    // (L4–L5 net moment 9.7 % RMS of peak against 11.0 %, GRF peaks 1.288/1.296 BW against
    // 1.298/1.297): the explicit torques are constant over a step, so substeps only re-solve
    // the same forces.
    physics.integration_parameters.num_solver_iterations = SOLVER_ITERATIONS;
    // No bias-free pass after the solve (rapier then solves friction in the biased pass): on
    // normal walking the L4–L5 net moment's RMS difference from the inverse path fell from 9.2 to
    // 7.1 % of its peak at 0.84 ms and from 10.5 to 7.5 % at 0.99 ms, GRF peaks 1.27 BW either
    // way, with one velocity pass less per step. (Before swing feet were kept off the floor,
    // `clear_swing_feet`, the backpack scene fell with it: an early heel contact set the pelvis
    // residual's loop oscillating at 4 Hz, ±2.5 kN, after 2.8 s.)
    physics.integration_parameters.num_internal_stabilization_iterations = STABILIZATION_ITERATIONS;
    // Foot–ground contact stiffer than rapier's default (60 Hz, damping ratio 10): with the
    // default the loaded feet sank several millimetres and the pelvis residual carried the weight
    // (mean 139 N upward over a cycle); at 300 Hz, critically damped, the mean is −16 N
    // (tuned on normal walking, see the forward tests).
    physics.integration_parameters.static_contact_softness.natural_frequency = CONTACT_HZ;
    physics.integration_parameters.static_contact_softness.damping_ratio = 1.0;
    // No continuous collision detection: the feet move a fraction of a millimetre per step, far
    // below the sole's size; rapier's CCD check on every body was ~1 % of a run for nothing
    // (measured: normal walking's outputs unchanged with it off).
    physics.integration_parameters.max_ccd_substeps = 0;

    // Ground: a thick slab whose top face is y = 0, long enough for 100 strides.
    let feet_group = Group::GROUP_1;
    let ground_group = Group::GROUP_2;
    let ground_body = physics.insert_body(RigidBodyBuilder::fixed().translation(RVec::new(90.0, -0.5, 0.0)));
    let ground =
        physics.insert_collider(
            ColliderBuilder::cuboid(100.0, 0.5, 5.0)
                .friction(friction)
                .collision_groups(InteractionGroups::new(ground_group, feet_group, InteractionTestMode::And)),
            Some(ground_body),
        );

    let pose = &start.pose;
    let segments = &engine.model.segments;
    let bodies: [RigidBodyHandle; N_SEGMENTS] = std::array::from_fn(|s| {
        let seg = &segments[s];
        let omega = pose.omega[s];
        let body = RigidBodyBuilder::dynamic()
            .pose(RPose::from_parts(to_glam(&pose.origin[s]), rot_to_glam(&pose.rot[s])))
            .additional_mass_properties(MassProperties::with_inertia_matrix(
                to_glam(&seg.com),
                seg.mass,
                mat_to_glam(&(seg.inertia + Matrix3::identity() * ARMATURE_KGM2)),
            ))
            .linvel(to_glam(&start.com_vel[s]))
            .angvel(to_glam(&omega))
            .gyroscopic_forces_enabled(true)
            .can_sleep(false);
        physics.insert_body(body)
    });

    let sole = sole_points(grid);
    let feet = std::array::from_fn(|side| {
        let collider = ColliderBuilder::convex_hull(&sole)
            .expect("the sole profile spans a solid")
            .density(0.0)
            .friction(friction)
            .active_events(ActiveEvents::CONTACT_FORCE_EVENTS)
            .contact_force_event_threshold(0.0)
            .collision_groups(InteractionGroups::new(feet_group, ground_group, InteractionTestMode::And));
        physics.insert_collider(collider, Some(bodies[FOOT[side]]))
    });

    let mut anchor = [Vector3::zeros(); N_SEGMENTS];
    for s in 1..N_SEGMENTS {
        let p = PARENT[s];
        let c: Vector3<f64> = joint_centre(pose, s);
        let a1 = pose.rot[p].transpose() * (c - pose.origin[p]);
        let a2 = pose.rot[s].transpose() * (c - pose.origin[s]);
        let joint = SphericalJointBuilder::new().local_anchor1(to_glam(&a1)).local_anchor2(to_glam(&a2));
        physics.insert_impulse_joint(bodies[p], bodies[s], joint);
        anchor[s] = a2;
    }
    World { physics, bodies, feet, ground, anchor }
}

/// Fraction of the cycle after the plan's lift-off during which the lifting foot may still touch
/// the floor (the contact toe-offs on normal walking came within 0.5 % of the plan's).
const SWING_CONTACT_AFTER_LIFT_OFF: f64 = 0.05;
/// Fraction of the cycle before the plan's landing from which the landing foot may touch the
/// floor (on normal walking the contact heel strikes came 1.8–2.0 % after the plan's).
const SWING_CONTACT_BEFORE_LANDING: f64 = 0.02;

/// Switches each foot's collider off while the plan has that foot in mid-swing, at cycle phase
/// `phase` of `plan`. Clearance in swing is the plan's, not the tracking controller's: slow
/// gaits' heels pass within a millimetre of the floor over the last 4 % of swing (the C² swing
/// meets the stance with the heel's vertical velocity and acceleration), and the controller's
/// millimetre errors then let a heel land up to 7 % early and take the body's whole weight
/// (slow walking fell into a growing pelvis oscillation, GRF spikes of 3–5 BW by its fourth
/// cycle, and short quick steps stopped at 2.4 s). Contact events still emerge around the
/// plan's: from the last 2 % of swing and through the first 5 % after lift-off. Walking
/// backward the forward cycle runs in reverse: the foot lifts at the forward heel strike and
/// lands at its toe-off.
pub fn clear_swing_feet(w: &mut World, plan: &GaitPlan, phase: f64) {
    // The mid-swing window in the forward cycle's own phase (heel strike 0, toe-off `toe_off`).
    let (after_toe_off, before_heel_strike) = if plan.backward {
        (SWING_CONTACT_BEFORE_LANDING, SWING_CONTACT_AFTER_LIFT_OFF)
    } else {
        (SWING_CONTACT_AFTER_LIFT_OFF, SWING_CONTACT_BEFORE_LANDING)
    };
    let phase = plan.forward_phase(phase);
    for (side, &foot) in w.feet.iter().enumerate() {
        let own = (phase - 0.5 * side as f64).rem_euclid(1.0);
        let mid_swing = own > plan.toe_off + after_toe_off && own < 1.0 - before_heel_strike;
        let collider = &mut w.physics.colliders[foot];
        if collider.is_enabled() == mid_swing {
            collider.set_enabled(!mid_swing);
        }
    }
}
