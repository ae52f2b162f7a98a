//! Credits: who did what on a movie, as editors write them and as a movie's page lists them.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{double_option, fields, non_null, Check};
use crate::db::cast_members::CastMember;
use crate::db::credits::{Credit, CreditChanges, NewCredit};
use crate::domain::limits;
use crate::domain::CreditRole;
use crate::error::ApiError;

/// A person as a credit shows them.
#[derive(Debug, Serialize, ToSchema)]
pub struct CreditedPerson {
    pub id: i64,
    pub slug: String,
    pub name: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CreditResponse {
    pub id: i64,
    pub movie_id: i64,
    pub cast_member_id: i64,
    pub cast_member: CreditedPerson,
    pub role: CreditRole,
    /// The character played, for actors.
    pub character: Option<String>,
    pub billing_order: i32,
    pub version: i64,
}

impl From<(Credit, CastMember)> for CreditResponse {
    fn from((credit, person): (Credit, CastMember)) -> Self {
        CreditResponse {
            id: credit.id,
            movie_id: credit.movie_id,
            cast_member_id: credit.cast_member_id,
            cast_member: CreditedPerson { id: person.id, slug: person.slug, name: person.name },
            role: credit.role,
            character: credit.character,
            billing_order: credit.billing_order,
            version: credit.version,
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"cast_member_id": 1, "role": "actor", "character": "Louise Banks", "billing_order": 1}))]
pub struct CreateCreditRequest {
    pub cast_member_id: i64,
    pub role: CreditRole,
    /// Only for actors.
    pub character: Option<String>,
    /// Position in the billing; after the last when omitted.
    #[schema(minimum = 0, maximum = 10000)]
    pub billing_order: Option<i32>,
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateCreditRequest {
    #[schema(nullable = false)]
    #[serde(default, deserialize_with = "non_null")]
    pub cast_member_id: Option<i64>,
    #[schema(nullable = false)]
    #[serde(default, deserialize_with = "non_null")]
    pub role: Option<CreditRole>,
    #[serde(default, deserialize_with = "double_option")]
    /// Only for actors.
    #[schema(value_type = Option<String>)]
    pub character: Option<Option<String>>,
    #[schema(minimum = 0, maximum = 10000, nullable = false)]
    #[serde(default, deserialize_with = "non_null")]
    pub billing_order: Option<i32>,
}

use fields::billing_order;

/// Only actors play characters.
fn check_character(c: &mut Check, role: CreditRole, character: Option<&str>) {
    if role != CreditRole::Actor && character.is_some() {
        c.fail("character", "only actors play a character");
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CreditedCastMember {
    pub slug: String,
    pub name: String,
    pub photo_url: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CastCredit {
    pub cast_member: CreditedCastMember,
    pub character: Option<String>,
    pub billing_order: i32,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CrewCredit {
    pub cast_member: CreditedCastMember,
    pub role: CreditRole,
}

/// A movie's credits, as its public page lists them.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MovieCredits {
    /// Actors in billing order.
    pub cast: Vec<CastCredit>,
    /// Everyone else in billing order.
    pub crew: Vec<CrewCredit>,
}

impl From<Vec<(Credit, CastMember)>> for MovieCredits {
    fn from(credits: Vec<(Credit, CastMember)>) -> Self {
        let (mut cast, mut crew) = (Vec::new(), Vec::new());
        for (credit, person) in credits {
            let cast_member = CreditedCastMember { slug: person.slug, name: person.name, photo_url: person.photo_url };
            match credit.role {
                CreditRole::Actor => cast.push(CastCredit {
                    cast_member,
                    character: credit.character,
                    billing_order: credit.billing_order,
                }),
                role => crew.push(CrewCredit { cast_member, role }),
            }
        }
        MovieCredits { cast, crew }
    }
}

/// A checked new credit: the row to insert (its movie and timestamps are set when
/// stored) and the billing order, when one was given.
pub fn new_credit(r: CreateCreditRequest) -> Result<(NewCredit, Option<i32>), ApiError> {
    let mut c = Check::new();
    let character = c.take("character", fields::optional(r.character, limits::TITLE));
    check_character(&mut c, r.role, character.as_deref());
    let order = c.patch("billing_order", r.billing_order, billing_order);
    let now = crate::db::now();
    let new = NewCredit {
        movie_id: 0,
        cast_member_id: r.cast_member_id,
        role: r.role,
        character,
        billing_order: 0,
        created_at: now,
        updated_at: now,
    };
    c.finish((new, order))
}

impl TryFrom<UpdateCreditRequest> for CreditChanges {
    type Error = ApiError;

    fn try_from(r: UpdateCreditRequest) -> Result<Self, ApiError> {
        let mut c = Check::new();
        let changes = CreditChanges {
            cast_member_id: r.cast_member_id,
            role: r.role,
            character: c.patch("character", r.character, |v| fields::optional(v, limits::TITLE)),
            billing_order: c.patch("billing_order", r.billing_order, billing_order),
        };
        c.finish(changes)
    }
}
