"""OAuth2 / OpenID Connect providers for Jam: GitHub, GitLab, Google, Yandex and any OIDC issuer.

Installing this distribution (``pip install 'jam-auth[oauth2]'``) registers
the providers through the ``jam`` entry point ``oauth2``; a
``[jam.oauth2.providers.github]`` table then needs only the client's id,
secret and redirect URL. The behaviours are public for reuse.
"""

from __future__ import annotations

from jam_oauth2._github import GitHubBehaviour
from jam_oauth2._gitlab import GitLabBehaviour
from jam_oauth2._yandex import YandexBehaviour

__all__ = ["GitHubBehaviour", "GitLabBehaviour", "YandexBehaviour"]
