//! Unit checks of the rapier facts the forward path relies on.

use lumbus_forward::foot_load;
use rapier3d_f64::math::Vector;
use rapier3d_f64::prelude::*;

fn box_world(push: f64) -> (PhysicsWorld, RigidBodyHandle, ColliderHandle, ColliderHandle) {
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
    let _ = push;
    (w, b, c, ground)
}

/// A 10 kg box at rest on the ground: the contact solver's reaction is its weight, 98.1 N
/// (g = 9.81 m/s²), with the centre of pressure under its centre.
#[test]
fn resting_box_reads_its_weight() {
    let (mut w, _, c, ground) = box_world(0.0);
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
    let (mut w, b, c, ground) = box_world(30.0);
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
