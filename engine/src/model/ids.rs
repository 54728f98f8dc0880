//! String ids, one newtype per namespace so a stream id can never be passed
//! where a person id is expected.

use std::fmt;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
        pub struct $name(pub String);

        impl $name {
            pub fn new(s: impl Into<String>) -> Self {
                Self(s.into())
            }
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                Self(s.to_owned())
            }
        }
    };
}

id_type!(
    /// An email or content-program id: both share one namespace (plan-format).
    ContentId
);
id_type!(
    /// An engagement-program id.
    EpId
);
id_type!(
    /// A stream id, unique across the workspace (R-ST-1).
    StreamId
);
id_type!(
    /// A person id.
    PersonId
);
