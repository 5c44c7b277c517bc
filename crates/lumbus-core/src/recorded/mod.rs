//! Recorded trials: the recorded subject's own multibody (built from an OpenSim model by
//! `lumbus-io`) with inverse dynamics on it, for comparing with OpenSim like for like; and the
//! recorded coordinates and ground reaction driving Lumbus's own pipeline. No file formats
//! here: `lumbus-io` parses and converts into these plain structs.

pub mod function;
pub mod inverse_dynamics;
pub mod multibody;
pub mod pose;
pub mod run;

pub use function::{CoordinateFunction, CubicSpline};
pub use inverse_dynamics::{BodyLoad, CoordinateSplines, generalized_forces, required_wrenches};
pub use multibody::{
    BodyPose, FixedFrame, JointAxis, MbCoordinate, MbJoint, Multibody, MultibodyError, RigidBody,
};
pub use pose::RecordedPoser;
pub use run::{RecordedFrames, RecordedOutput, run_recorded, subject_scene, subject_size};
