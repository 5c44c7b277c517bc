//! The recorded subject's own multibody (built from an OpenSim model by `lumbus-io`) and
//! inverse dynamics on it, for comparing with OpenSim's results like for like. No file
//! formats here: `lumbus-io` parses and converts into these plain structs.

pub mod function;
pub mod inverse_dynamics;
pub mod multibody;

pub use function::{CoordinateFunction, CubicSpline};
pub use inverse_dynamics::{BodyLoad, CoordinateSplines, generalized_forces, required_wrenches};
pub use multibody::{
    BodyPose, FixedFrame, JointAxis, MbCoordinate, MbJoint, Multibody, MultibodyError, RigidBody,
};
