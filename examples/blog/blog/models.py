"""The database tables: users, their posts, and comments on posts."""

from __future__ import annotations

from datetime import UTC, datetime

from flask_login import UserMixin
from sqlalchemy import ForeignKey, Select, String, Text, select
from sqlalchemy.orm import Mapped, mapped_column, relationship, selectinload
from werkzeug.security import check_password_hash, generate_password_hash

from .extensions import db


def _now() -> datetime:
    return datetime.now(UTC)


def _isoformat(moment: datetime) -> str:
    # SQLite keeps no time zone, so times come back naive; all of them were stored as UTC.
    return moment.replace(tzinfo=UTC).isoformat()


class User(UserMixin, db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(40), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    joined: Mapped[datetime] = mapped_column(default=_now)

    posts: Mapped[list[Post]] = relationship(back_populates="author")

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def __repr__(self) -> str:
        return f"<User {self.username!r}>"


class Post(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(120))
    body: Mapped[str] = mapped_column(Text)
    created: Mapped[datetime] = mapped_column(default=_now, index=True)
    edited: Mapped[datetime | None]
    author_id: Mapped[int] = mapped_column(ForeignKey("user.id"))

    author: Mapped[User] = relationship(back_populates="posts")
    comments: Mapped[list[Comment]] = relationship(
        back_populates="post", cascade="all, delete-orphan", order_by="Comment.id"
    )

    @classmethod
    def newest_first(cls) -> Select[tuple[Post]]:
        """All posts, newest first, each with its author and comments (lists show both)
        loaded in one query per relationship rather than one per post."""
        return (
            select(cls)
            .options(selectinload(cls.author), selectinload(cls.comments))
            # The id breaks ties between posts written within the same clock tick.
            .order_by(cls.created.desc(), cls.id.desc())
        )

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "title": self.title,
            "body": self.body,
            "author": self.author.username,
            "created": _isoformat(self.created),
            "edited": _isoformat(self.edited) if self.edited else None,
            "comments": len(self.comments),
        }

    def __repr__(self) -> str:
        return f"<Post {self.id} {self.title!r}>"


class Comment(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    body: Mapped[str] = mapped_column(Text)
    created: Mapped[datetime] = mapped_column(default=_now)
    post_id: Mapped[int] = mapped_column(ForeignKey("post.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("user.id"))

    post: Mapped[Post] = relationship(back_populates="comments")
    author: Mapped[User] = relationship()

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "author": self.author.username,
            "body": self.body,
            "created": _isoformat(self.created),
        }
