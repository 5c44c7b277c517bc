//! Unit checks of the rapier facts the forward path relies on.

use lumbus_forward::foot_load;
use rapier3d_f64::math::Vector;
use rapier3d_f64::prelude::*;

fn box_world() -> (PhysicsWorld, RigidBodyHandle, ColliderHandle, ColliderHandle) {
    let mut w = PhysicsWorld::new();
    w.gravity = Vector::new(0.0, -9.81, 0.0);
    w.integration_parameters.dt = 1e-3;
    let g = w.insert_body(RigidBodyBuilder::fixed().translation(Vector::new(0.0, -0.5, 0.0)));
    let ground = w.insert_collider(ColliderBuilder::cuboid(5.0, 0.5, 5.0).friction(0.8), Some(g));
    let b = w.insert_body(
        RigidBodyBuilder::dynamic()
            .translation(Vector::new(0.0, 0.1, 0.0))
            .additional_mass_properties(MassProperties::new(Vector::ZERO, 10.0, Vector::splat(0.1)))
            .can_sleep(false),
    );
    let c = w.insert_collider(ColliderBuilder::cuboid(0.1, 0.1, 0.1).density(0.0).friction(0.8), Some(b));
    (w, b, c, ground)
}

/// A 10 kg box at rest on the ground: the contact solver's reaction is its weight, 98.1 N
/// (g = 9.81 m/s²), with the centre of pressure under its centre.
#[test]
fn resting_box_reads_its_weight() {
    let (mut w, _, c, ground) = box_world();
    for _ in 0..500 {
        w.step();
    }
    let l = foot_load(&w, c, ground);
    eprintln!("{l:?}");
    assert!((l.force.y - 98.1).abs() < 0.01, "vertical {}", l.force.y);
    assert!(l.force.x.abs() < 1e-6 && l.force.z.abs() < 1e-6);
    assert!(l.cop.x.abs() < 1e-6 && l.cop.z.abs() < 1e-6, "cop {:?}", l.cop);
}

/// The same box pushed sideways by 30 N, below the friction limit (0.8 × 98.1 N): friction
/// holds it and the readout's horizontal force is −30 N.
#[test]
fn pushed_box_reads_its_friction() {
    let (mut w, b, c, ground) = box_world();
    for _ in 0..500 {
        w.bodies[b].reset_forces(true);
        w.bodies[b].add_force(Vector::new(30.0, 0.0, 0.0), true);
        w.step();
    }
    let l = foot_load(&w, c, ground);
    eprintln!("{l:?} v = {:?}", w.bodies[b].linvel());
    assert!((l.force.x + 30.0).abs() < 0.01, "friction {}", l.force.x);
    assert!((l.force.y - 98.1).abs() < 0.01, "vertical {}", l.force.y);
}

/// An explicit spring torque (`reset_torques` + `add_torque` every step, as the controller
/// drives the joints) on a 10 kg arm, centre of mass 0.5 m from a hinge: it settles at the exact
/// static angle k·θ = −m·g·L·cos θ (k = 1000 N·m/rad: θ = −0.0490 rad). DESIGN.md records that a
/// rapier motor used as this spring settled at −0.515 rad instead.
#[test]
fn explicit_spring_settles_at_the_static_angle() {
    let (m, l, k, c, g) = (10.0, 0.5, 1000.0, 20.0, 9.81);
    let mut w = PhysicsWorld::new();
    w.gravity = Vector::new(0.0, -g, 0.0);
    w.integration_parameters.dt = 1e-3;
    let base = w.insert_body(RigidBodyBuilder::fixed());
    let arm = w.insert_body(
        RigidBodyBuilder::dynamic()
            .translation(Vector::new(l, 0.0, 0.0))
            .additional_mass_properties(MassProperties::new(Vector::ZERO, m, Vector::splat(0.01)))
            .can_sleep(false),
    );
    let hinge = RevoluteJointBuilder::new(Vector::Z)
        .local_anchor1(Vector::ZERO)
        .local_anchor2(Vector::new(-l, 0.0, 0.0));
    w.insert_impulse_joint(base, arm, hinge);
    let angle = |w: &PhysicsWorld| {
        let q = w.bodies[arm].rotation();
        2.0 * q.z.atan2(q.w)
    };
    for _ in 0..5000 {
        let (theta, omega) = (angle(&w), w.bodies[arm].angvel().z);
        let b = &mut w.bodies[arm];
        b.reset_torques(true);
        b.add_torque(Vector::new(0.0, 0.0, -k * theta - c * omega), true);
        w.step();
    }
    // Newton on k·θ + m·g·L·cos θ = 0.
    let mut exact = 0.0f64;
    for _ in 0..20 {
        exact -= (k * exact + m * g * l * exact.cos()) / (k - m * g * l * exact.sin());
    }
    let theta = angle(&w);
    eprintln!("settled at {theta:.6} rad, exact {exact:.6} rad");
    assert!((theta - exact).abs() < 1e-4, "settled at {theta} rad, exact {exact} rad");
}
