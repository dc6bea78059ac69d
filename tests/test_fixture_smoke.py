import paho.mqtt.client as mqtt


def test_broker_accepts_anonymous_connection(mosquitto):
    client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2)
    assert client.connect(mosquitto.host, mosquitto.port) == 0
    client.disconnect()


def test_secure_broker_refuses_wrong_password(secure_mosquitto):
    results = []
    client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2)
    client.on_connect = lambda c, u, f, reason, p: results.append(reason.is_failure)
    client.username_pw_set("hub", "wrong")
    client.connect(secure_mosquitto.host, secure_mosquitto.port)
    for _ in range(50):
        client.loop(0.05)
        if results:
            break
    assert results == [True]
