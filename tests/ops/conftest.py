"""Operations tests reuse the personal side's signed-in members."""

from tests.library.conftest import make_member, member  # noqa: F401  (fixtures)
