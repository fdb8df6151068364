# -*- coding: utf-8 -*-

import pytest

from jam import Jam


@pytest.fixture
def jam_jwt_instance():
    jam = Jam(config={"jwt": {"alg": "HS256", "secret_key": "SECRET-LENGTHENED-TO-32-BYTES-OK"}})
    return jam


@pytest.fixture
def jam_session_instance(redis_url, redis_prefix):
    jam = Jam(
        config={
            "session": {
                "sessions_type": "redis",
                "redis_uri": redis_url,
                "sessions_path": redis_prefix,
            }
        }
    )
    yield jam
    jam.close()


def test_jwt_instance(jam_jwt_instance):
    jwt_payload = jam_jwt_instance.jwt_make_payload(
        exp=89898989, data={"sub": "user123"}
    )
    assert jwt_payload["sub"] == "user123"

    token = jam_jwt_instance.jwt_create_token(jwt_payload)
    assert isinstance(token, str)
    assert len(token.split(".")) == 3  # JWT has three parts separated by dots
    decoded_payload = jam_jwt_instance.jwt_verify_token(
        token, check_exp=False, check_list=False
    )
    assert decoded_payload == jwt_payload


def test_session_instance(jam_session_instance):
    session_data = {"user_id": "user123"}
    session_id = jam_session_instance.session_create(
        session_key="user", data=session_data
    )
    assert isinstance(session_id, str)
    assert len(session_id) > 0

    retrieved_data = jam_session_instance.session_get(session_id)
    assert retrieved_data == session_data

    jam_session_instance.session_delete(session_id)
    assert jam_session_instance.session_get(session_id) is None
